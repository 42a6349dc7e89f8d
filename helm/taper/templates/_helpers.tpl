{{/* Chart name, truncated to the 63 characters Kubernetes allows in a name. */}}
{{- define "taper.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name; the release name alone when it already contains the chart name. */}}
{{- define "taper.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "taper.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "taper.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "taper.selectorLabels" -}}
app.kubernetes.io/name: {{ include "taper.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "taper.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "taper.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "taper.dbSecretName" -}}
{{- default (printf "%s-db" (include "taper.fullname" .)) .Values.database.existingSecret }}
{{- end }}

{{- define "taper.homeClaimName" -}}
{{- default (printf "%s-home" (include "taper.fullname" .)) .Values.storage.pvc.existingClaim }}
{{- end }}

{{/* The version part of every image tag: image.tag, else the chart's appVersion. */}}
{{- define "taper.version" -}}
{{- default .Chart.AppVersion .Values.image.tag }}
{{- end }}

{{/* The CPU image: api, CPU workers, migrations. */}}
{{- define "taper.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "taper.version" .) }}
{{- end }}

{{/* The GPU image: the Dockerfile built with CUDA natives, tagged <version>-gpu. */}}
{{- define "taper.gpuImage" -}}
{{- printf "%s:%s" .Values.image.repository (default (printf "%s-gpu" (include "taper.version" .)) .Values.gpuWorkers.imageTag) }}
{{- end }}

{{/* What TAPER_ROLE the api Deployment runs: `all` (api and worker) in the one-pod trial. */}}
{{- define "taper.apiRole" -}}
{{- if eq .Values.storage.type "ephemeral" }}all{{ else }}api{{ end }}
{{- end }}

{{/*
Whole CPUs in a Kubernetes CPU quantity, rounded down, at least 1: "2" -> 2, 2.5 -> 2,
"2500m" -> 2, "500m" -> 1. Call with the quantity.
*/}}
{{- define "taper.wholeCpus" -}}
{{- $cpu := toString . }}
{{- if hasSuffix "m" $cpu }}
{{- max 1 (div (atoi (trimSuffix "m" $cpu)) 1000) }}
{{- else }}
{{- max 1 (int (floor (float64 $cpu))) }}
{{- end }}
{{- end }}

{{/*
libtorch's CPU threads for a container that trains, from its CPU limit. One thread per CPU the
limit allows: more threads than CPUs are throttled by the CFS quota and slow training many times
over. Call with (dict "resources" <resources> "path" "<values path, for the message>").
*/}}
{{- define "taper.trainingThreads" -}}
{{- $limits := default dict .resources.limits }}
{{- $cpu := required (printf "%s.limits.cpu is required: libtorch's thread count is derived from it" .path) (get $limits "cpu") }}
{{- include "taper.wholeCpus" $cpu }}
{{- end }}

{{/*
JAVA_OPTS: the heap's share of the memory limit, libtorch's threads for containers that train,
then the user's javaOpts (the JVM takes the last of a repeated option).
Call with (dict "ctx" $ "maxRamPercentage" <n> "threads" <n or "">).
*/}}
{{- define "taper.javaOpts" -}}
{{- $opts := list (printf "-XX:MaxRAMPercentage=%v" .maxRamPercentage) }}
{{- if .threads }}
{{- $opts = append $opts (printf "-Dai.djl.pytorch.num_threads=%v" .threads) }}
{{- $opts = append $opts "-Dai.djl.pytorch.num_interop_threads=1" }}
{{- end }}
{{- with .ctx.Values.javaOpts }}
{{- $opts = append $opts . }}
{{- end }}
{{- join " " $opts }}
{{- end }}

{{/*
Where artifacts live, as the service reads it: TAPER_STORE=filesystem (under TAPER_HOME) or s3
with TAPER_S3_* and the access key pair from a Secret.
*/}}
{{- define "taper.storageEnv" -}}
{{- if eq .Values.storage.type "s3" }}
{{- $s3 := .Values.storage.s3 }}
- name: TAPER_STORE
  value: s3
- name: TAPER_S3_BUCKET
  value: {{ $s3.bucket | quote }}
- name: TAPER_S3_PREFIX
  value: {{ $s3.prefix | quote }}
{{- with $s3.endpoint }}
- name: TAPER_S3_ENDPOINT
  value: {{ . | quote }}
{{- end }}
- name: TAPER_S3_REGION
  value: {{ $s3.region | quote }}
- name: TAPER_S3_PATH_STYLE
  value: {{ $s3.pathStyle | toString | quote }}
- name: AWS_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentials.existingSecret }}
      key: {{ $s3.credentials.accessKeyIdKey }}
- name: AWS_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.credentials.existingSecret }}
      key: {{ $s3.credentials.secretAccessKeyKey }}
{{- else }}
- name: TAPER_STORE
  value: filesystem
{{- end }}
{{- end }}

{{/*
Environment shared by every Taper container. Call with (dict "ctx" $ "role" "api" "flyway" false
"maxRamPercentage" <n> "threads" <n or "">). The names are the service's own.
*/}}
{{- define "taper.env" -}}
{{- $ := .ctx -}}
- name: TAPER_ROLE
  value: {{ .role | quote }}
- name: SERVER_PORT
  value: {{ $.Values.port | quote }}
- name: TAPER_HOME
  value: {{ $.Values.home | quote }}
- name: TAPER_DATA_DIR
  value: {{ $.Values.dataDir | quote }}
{{ include "taper.storageEnv" $ | trim }}
- name: SPRING_DATASOURCE_URL
  value: {{ required "database.url is required" $.Values.database.url | quote }}
- name: SPRING_DATASOURCE_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ include "taper.dbSecretName" $ }}
      key: {{ $.Values.database.secretKeys.username }}
- name: SPRING_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ include "taper.dbSecretName" $ }}
      key: {{ $.Values.database.secretKeys.password }}
- name: SPRING_FLYWAY_ENABLED
  value: {{ .flyway | quote }}
# Fixed buckets for the HTTP latency histogram, so dashboards can show a p95 (Spring Boot
# publishes only count, sum and max by default).
- name: MANAGEMENT_METRICS_DISTRIBUTION_SLO_HTTP_SERVER_REQUESTS
  value: "5ms,10ms,25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s,30s"
{{- with .threads }}
- name: OMP_NUM_THREADS
  value: {{ . | quote }}
{{- end }}
- name: JAVA_OPTS
  value: {{ include "taper.javaOpts" . | quote }}
{{- with $.Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "taper.probes" -}}
startupProbe:
  httpGet:
    path: {{ .Values.probes.livenessPath }}
    port: http
  periodSeconds: {{ .Values.probes.periodSeconds }}
  failureThreshold: {{ .Values.probes.startupFailureThreshold }}
livenessProbe:
  httpGet:
    path: {{ .Values.probes.livenessPath }}
    port: http
  periodSeconds: {{ .Values.probes.periodSeconds }}
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: {{ .Values.probes.readinessPath }}
    port: http
  periodSeconds: {{ .Values.probes.periodSeconds }}
  failureThreshold: 3
{{- end }}

{{/* The pod half of the "restricted" Pod Security Standard, with the values' user and groups. */}}
{{- define "taper.podSecurityContext" -}}
{{- $restricted := dict "runAsNonRoot" true "seccompProfile" (dict "type" "RuntimeDefault") }}
{{- toYaml (merge $restricted (deepCopy .Values.podSecurityContext)) }}
{{- end }}

{{/* The container half of the "restricted" Pod Security Standard; not configurable. */}}
{{- define "taper.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/*
The writable places of a container whose root file system is read-only: TAPER_HOME and /tmp
(the JVM's and Tomcat's temporary files, libtorch's scratch).
*/}}
{{- define "taper.volumeMounts" -}}
- name: taper-home
  mountPath: {{ .Values.home }}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/*
TAPER_HOME: the shared claim on a PVC, else an emptyDir (per-pod scratch with S3, everything in
the one-pod trial). Call with (dict "ctx" $ "shared" <whether this pod may use the claim>).
*/}}
{{- define "taper.volumes" -}}
- name: taper-home
{{- if and .shared (eq .ctx.Values.storage.type "pvc") }}
  persistentVolumeClaim:
    claimName: {{ include "taper.homeClaimName" .ctx }}
{{- else }}
  emptyDir: {}
{{- end }}
- name: tmp
  emptyDir: {}
{{- end }}
