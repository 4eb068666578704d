{{/* Names, labels and shared pieces of both DaemonSets. */}}

{{- define "hostwatch-exporter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "hostwatch-exporter.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "hostwatch-exporter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "hostwatch-exporter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "hostwatch-exporter.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "hostwatch-exporter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: hostwatch-exporter
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "hostwatch-exporter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "hostwatch-exporter.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The image, with a suffix for the Windows one: (dict "root" . "suffix" "-windows"). */}}
{{- define "hostwatch-exporter.image" -}}
{{- $tag := default .root.Chart.AppVersion .root.Values.image.tag -}}
{{- printf "%s:%s%s" .root.Values.image.repository $tag .suffix -}}
{{- end -}}

{{/* Flags both DaemonSets pass; the listen address and storage path win over the config file. */}}
{{- define "hostwatch-exporter.commonArgs" -}}
- --web.listen-address=:{{ .Values.port }}
{{- range .Values.extraArgs }}
- {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Liveness on /healthz, readiness on /readyz, a startup probe for slow starts. */}}
{{- define "hostwatch-exporter.probes" -}}
startupProbe:
  httpGet:
    path: /healthz
    port: {{ .Values.service.portName }}
    {{- include "hostwatch-exporter.probeScheme" . | nindent 4 }}
  periodSeconds: {{ .Values.probes.startup.periodSeconds }}
  failureThreshold: {{ .Values.probes.startup.failureThreshold }}
livenessProbe:
  httpGet:
    path: /healthz
    port: {{ .Values.service.portName }}
    {{- include "hostwatch-exporter.probeScheme" . | nindent 4 }}
  periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.liveness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
readinessProbe:
  httpGet:
    path: /readyz
    port: {{ .Values.service.portName }}
    {{- include "hostwatch-exporter.probeScheme" . | nindent 4 }}
  periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
  timeoutSeconds: {{ .Values.probes.readiness.timeoutSeconds }}
  failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
{{- end -}}

{{- define "hostwatch-exporter.env" -}}
{{- range $name, $value := .Values.env }}
- name: {{ $name }}
  value: {{ $value | quote }}
{{- end }}
{{- end -}}

{{/* The job label HostwatchExporterDown selects (up{job="hostwatch"}). */}}
{{- define "hostwatch-exporter.jobRelabeling" -}}
- action: replace
  targetLabel: job
  replacement: hostwatch
{{- end -}}

{{/* With a web config file: the probes' scheme and headers (TLS, basic auth). */}}
{{- define "hostwatch-exporter.probeScheme" -}}
{{- if .Values.webConfig.existingSecret -}}
scheme: {{ .Values.webConfig.scheme }}
{{- with .Values.webConfig.probeHeaders }}
httpHeaders:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}
{{- end -}}

{{/* --web.config.file, where the web config Secret is mounted (.dir: the mount path as the OS writes it). */}}
{{- define "hostwatch-exporter.webConfigArgs" -}}
{{- if .root.Values.webConfig.existingSecret }}
- {{ printf "--web.config.file=%s%s%s" .dir .sep .root.Values.webConfig.key | quote }}
{{- end }}
{{- end -}}

{{/* The web config Secret's volume mount and volume. */}}
{{- define "hostwatch-exporter.webConfigMount" -}}
{{- if .Values.webConfig.existingSecret }}
- name: web-config
  mountPath: /etc/hostwatch-exporter/web
  readOnly: true
{{- end }}
{{- end -}}

{{- define "hostwatch-exporter.webConfigVolume" -}}
{{- if .Values.webConfig.existingSecret }}
- name: web-config
  secret:
    secretName: {{ .Values.webConfig.existingSecret }}
{{- end }}
{{- end -}}
