{{/* Chart name, cut to the 63 characters a label allows. */}}
{{- define "verwalter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Release-qualified name of every object. */}}
{{- define "verwalter.fullname" -}}
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

{{- define "verwalter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "verwalter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "verwalter.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "verwalter.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "verwalter.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "verwalter.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "verwalter.image" -}}
{{- printf "%s:%s" (required "image.repository is required" .Values.image.repository) (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The ConfigMap key of one config tree path: keys cannot hold "/". */}}
{{- define "verwalter.configKey" -}}
{{- printf "%s-%s" (sha256sum . | trunc 8) (regexReplaceAll "[^-._a-zA-Z0-9]" (base .) "_") -}}
{{- end -}}

{{/* The config tree volume, checked against config.source. */}}
{{- define "verwalter.configVolume" -}}
{{- $c := .Values.config -}}
{{- if eq $c.source "configMap" -}}
configMap:
  name: {{ default (printf "%s-config" (include "verwalter.fullname" .)) $c.existingConfigMap }}
  {{- if $c.existingConfigMap }}
  {{- with $c.existingConfigMapItems }}
  items:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- else }}
  {{- if not $c.files }}
  {{- fail "config.files must list at least one file when config.source is configMap (or set config.existingConfigMap)" }}
  {{- end }}
  items:
    {{- range $path, $_ := $c.files }}
    - key: {{ include "verwalter.configKey" $path }}
      path: {{ $path }}
    {{- end }}
  {{- end }}
{{- else if eq $c.source "hostPath" -}}
hostPath:
  path: {{ required "config.hostPath is required when config.source is hostPath" $c.hostPath }}
  type: Directory
{{- else if eq $c.source "volume" -}}
{{- required "config.volume (a volume source, e.g. persistentVolumeClaim) is required when config.source is volume" (empty $c.volume | ternary nil $c.volume) | toYaml }}
{{- else -}}
{{- fail (printf "config.source must be configMap, hostPath or volume, got %q" $c.source) }}
{{- end -}}
{{- end -}}

{{/* The daemon's command line (the container's args after the verwalter binary). */}}
{{- define "verwalter.daemonArgs" -}}
- daemon
- --config-dir={{ .Values.config.mountPath }}
- --storage-dir={{ .Values.daemon.storageDir }}
- --log-dir={{ .Values.daemon.logDir }}
- --host={{ default "$(VERWALTER_NODE_IP)" .Values.daemon.host }}
- --port={{ .Values.daemon.port }}
- --hostname=$(VERWALTER_NODE_NAME)
{{- if eq .Values.supervisor.mode "embedded" }}
- --supervisor=embedded
{{- else }}
- --supervisor=separate
{{- end }}
- --supervisor-config={{ .Values.supervisor.configDir }}/master.yaml
{{- with .Values.clusterKeySecret.name }}
- --cluster-key-file=/run/secrets/verwalter/cluster-key/{{ $.Values.clusterKeySecret.key }}
{{- end }}
{{- with .Values.apiTokenSecret.name }}
- --api-token-file=/run/secrets/verwalter/api-token/{{ $.Values.apiTokenSecret.key }}
{{- end }}
{{- range .Values.join }}
- --join={{ . }}
{{- end }}
{{- if .Values.joinHeadlessService }}
{{- if not .Values.service.enabled }}
{{- fail "joinHeadlessService needs service.enabled" }}
{{- end }}
- --join={{ include "verwalter.fullname" . }}-peers.{{ .Release.Namespace }}.svc:{{ .Values.daemon.port }}
{{- end }}
{{- if .Values.daemon.allowMinorityCluster }}
- --allow-minority-cluster
{{- end }}
{{- with .Values.daemon.extraArgs }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/*
The daemon container's securityContext. Without the supervisor inside, the daemon needs no
capability: it binds an unprivileged port, writes its hostPath dirs (root-owned, so it stays
uid 0) and runs the render commands. With the embedded supervisor it creates namespaces,
cgroups and mounts through bubblewrap, which needs a privileged container.
*/}}
{{- define "verwalter.daemonSecurityContext" -}}
{{- if .Values.daemon.securityContext -}}
{{- toYaml .Values.daemon.securityContext -}}
{{- else if eq .Values.supervisor.mode "embedded" -}}
{{- include "verwalter.supervisorSecurityContext" . -}}
{{- else -}}
runAsUser: 0
runAsGroup: 0
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}
{{- end -}}

{{- define "verwalter.supervisorSecurityContext" -}}
{{- if .Values.supervisor.securityContext -}}
{{- toYaml .Values.supervisor.securityContext -}}
{{- else -}}
privileged: true
runAsUser: 0
readOnlyRootFilesystem: true
{{- end -}}
{{- end -}}

{{/* The supervisor's node folders, mounted at the same paths in both containers. */}}
{{- define "verwalter.supervisorMounts" -}}
- name: lithos-config
  mountPath: {{ .Values.supervisor.configDir }}
- name: lithos-runtime
  mountPath: {{ .Values.supervisor.runtimeDir }}
- name: lithos-logs
  mountPath: {{ .Values.supervisor.logDir }}
{{- range $i, $path := .Values.supervisor.hostPaths }}
- name: {{ printf "host-%d" $i }}
  mountPath: {{ $path }}
{{- end }}
{{- end -}}
