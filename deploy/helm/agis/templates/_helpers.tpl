{{/* Names and labels shared by every template. */}}

{{- define "agis.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "agis.fullname" -}}
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

{{- define "agis.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agis.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "agis.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "agis.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "agis.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "agis.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret the Deployment reads its secret variables from. */}}
{{- define "agis.secretName" -}}
{{- default (include "agis.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{/* Namespace of the Agones fleets and GameServers. */}}
{{- define "agis.agonesNamespace" -}}
{{- default .Release.Namespace .Values.agones.namespace }}
{{- end }}

{{/*
The secret environment variables of SPEC §4. Only DB_PASSWORD must exist: every other one turns a
feature off when absent (no Sentry without SENTRY_DSN, every ayeT callback refused without
AYET_API_KEY, no webhook without its URL).
*/}}
{{- define "agis.secretVariables" -}}
DISCORD_TOKEN AYET_API_KEY AYET_CALLBACK_TOKEN SENTRY_DSN AGIS_MASTER_KEY DISCORD_WEBHOOK_PAYMENTS DISCORD_WEBHOOK_ADS DISCORD_WEBHOOK_INFRA DISCORD_WEBHOOK_SECURITY DISCORD_WEBHOOK_PERFORMANCE DISCORD_WEBHOOK_REVENUE DISCORD_WEBHOOK_CRITICAL DISCORD_WEBHOOK_COMPLIANCE
{{- end }}
