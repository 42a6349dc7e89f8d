#!/bin/sh
# Starts Taper from the extracted Spring Boot layout. natives.env (written at image build) points
# DJL at a libtorch archive in GPU images; it is empty in CPU images.
set -e
. /opt/taper/natives.env
exec java ${JAVA_OPTS} -jar /opt/taper/app/taper-exec.jar "$@"
