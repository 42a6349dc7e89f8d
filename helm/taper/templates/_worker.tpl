{{/*
A worker Deployment. CPU and GPU workers differ only in these arguments:
(dict "ctx" $ "values" <.Values.worker or .Values.gpuWorkers> "valuesPath" "worker"
 "component" "worker" "image" <image> "gpus" <nvidia.com/gpu per pod, 0 for none>)
*/}}
{{- define "taper.workerDeployment" -}}
{{- $ := .ctx }}
{{- $values := .values }}
{{- $resourcesPath := printf "%s.resources" .valuesPath }}
{{- $threads := include "taper.trainingThreads" (dict "resources" $values.resources "path" $resourcesPath) }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "taper.fullname" $ }}-{{ .component }}
  labels:
    {{- include "taper.labels" $ | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  replicas: {{ $values.replicas }}
  selector:
    matchLabels:
      {{- include "taper.selectorLabels" $ | nindent 6 }}
      app.kubernetes.io/component: {{ .component }}
  template:
    metadata:
      labels:
        {{- include "taper.selectorLabels" $ | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
      {{- with $values.podAnnotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "taper.serviceAccountName" $ }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      {{- with $.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "taper.podSecurityContext" $ | nindent 8 }}
      containers:
        - name: worker
          image: {{ .image }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          env:
            {{- include "taper.env" (dict "ctx" $ "role" "worker" "flyway" false "maxRamPercentage" $values.maxRamPercentage "threads" $threads) | nindent 12 }}
          ports:
            - name: http
              containerPort: {{ $.Values.port }}
              protocol: TCP
          {{- include "taper.probes" $ | nindent 10 }}
          resources:
            {{- $resources := deepCopy $values.resources }}
            {{- if .gpus }}
            {{- $_ := set $resources.limits "nvidia.com/gpu" (int .gpus) }}
            {{- end }}
            {{- toYaml $resources | nindent 12 }}
          securityContext:
            {{- include "taper.containerSecurityContext" $ | nindent 12 }}
          volumeMounts:
            {{- include "taper.volumeMounts" $ | nindent 12 }}
      volumes:
        {{- include "taper.volumes" (dict "ctx" $ "shared" true) | nindent 8 }}
      {{- with $values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
