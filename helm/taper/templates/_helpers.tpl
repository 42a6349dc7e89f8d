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

{{- define "taper.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "taper.workerImage" -}}
{{- $tag := default .Chart.AppVersion .Values.image.tag }}
{{- if .Values.worker.imageTag }}
{{- $tag = .Values.worker.imageTag }}
{{- else if .Values.worker.gpu.enabled }}
{{- $tag = printf "%s-%s" $tag .Values.worker.gpu.flavor }}
{{- end }}
{{- printf "%s:%s" .Values.image.repository $tag }}
{{- end }}

{{/*
Environment shared by every Taper container. Call with (dict "ctx" $ "role" "api" "flyway" false).
The names are the service's own: TAPER_ROLE, TAPER_HOME, TAPER_DATA_DIR, SERVER_PORT,
SPRING_DATASOURCE_*, SPRING_FLYWAY_ENABLED.
*/}}
{{- define "taper.env" -}}
{{- $ := .ctx }}
- name: TAPER_ROLE
  value: {{ .role | quote }}
- name: SERVER_PORT
  value: {{ $.Values.port | quote }}
- name: TAPER_HOME
  value: {{ $.Values.home | quote }}
- name: TAPER_DATA_DIR
  value: {{ $.Values.dataDir | quote }}
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
{{- with $.Values.javaOpts }}
- name: JAVA_OPTS
  value: {{ . | quote }}
{{- end }}
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

{{- define "taper.homeVolume" -}}
- name: taper-home
{{- if .Values.persistence.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.persistence.existingClaim }}
{{- else }}
  emptyDir: {}
{{- end }}
{{- end }}
