{{/* The chart's name, possibly overridden. */}}
{{- define "strata.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: <release>-strata unless the release name already contains the chart's name. */}}
{{- define "strata.fullname" -}}
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

{{- define "strata.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "strata.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "strata.selectorLabels" -}}
app.kubernetes.io/name: {{ include "strata.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "strata.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "strata.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "strata.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "strata.postgresqlName" -}}
{{- printf "%s-postgresql" (include "strata.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* STRATA_DB_URL: the bundled PostgreSQL's, else the external one; empty for the embedded store (trials only). */}}
{{- define "strata.dbUrl" -}}
{{- if .Values.postgresql.enabled }}
{{- printf "postgresql://%s:5432/%s" (include "strata.postgresqlName" .) .Values.postgresql.database }}
{{- else if .Values.externalDatabase.url }}
{{- if regexMatch "://[^/@]*:[^/@]*@" .Values.externalDatabase.url }}
{{- fail "externalDatabase.url must not contain a password: put it in the Secret named by externalDatabase.existingSecret" }}
{{- end }}
{{- .Values.externalDatabase.url }}
{{- end }}
{{- end }}

{{- define "strata.dbUser" -}}
{{- if .Values.postgresql.enabled }}{{ .Values.postgresql.user }}{{ else }}{{ .Values.externalDatabase.user }}{{ end }}
{{- end }}

{{/* The Secret and key of STRATA_DB_PASSWORD, as "name key"; empty when there is none. */}}
{{- define "strata.dbPasswordSecret" -}}
{{- if .Values.postgresql.enabled }}
{{- required "postgresql.existingSecret is required: create a Secret with the database password (docs/deploy.md)" .Values.postgresql.existingSecret }} {{ .Values.postgresql.passwordKey }}
{{- else if .Values.externalDatabase.existingSecret }}
{{- .Values.externalDatabase.existingSecret }} {{ .Values.externalDatabase.passwordKey }}
{{- end }}
{{- end }}
