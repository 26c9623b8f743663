{{/* Non-secret settings of every service: the ConfigMap, and inline in the migration hooks (which run before the ConfigMap exists). */}}
{{- define "anpi.configData" -}}
{{- $c := .Values.config -}}
NODE_ENV: {{ $c.nodeEnv | quote }}
LOG_LEVEL: {{ $c.logLevel | quote }}
HTTP_HOST: "0.0.0.0"
KAFKA_BROKERS: {{ $c.kafkaBrokers | quote }}
PGHOST: {{ $c.postgres.host | quote }}
PGPORT: {{ $c.postgres.port | quote }}
SHUTDOWN_GRACE_MS: {{ $c.shutdownGraceMs | quote }}
ANSWER_LINK_BASE_URL: {{ $c.answerLinkBaseUrl | quote }}
{{- with $c.answerLinkPlainHttpBaseUrl }}
ANSWER_LINK_PLAIN_HTTP_BASE_URL: {{ . | quote }}
{{- end }}
CONSOLE_BASE_URL: {{ $c.consoleBaseUrl | quote }}
AUTH_TOKEN_ISSUER: {{ $c.tokenIssuer | quote }}
AUTH_TOKEN_AUDIENCE: {{ $c.tokenAudience | quote }}
AUTH_JWKS_URL: {{ printf "http://%s-auth/.well-known/jwks.json" (include "anpi.fullname" .) | quote }}
DISPATCH_INTERNAL_URL: {{ printf "http://%s-dispatch" (include "anpi.fullname" .) | quote }}
SMTP_HOST: {{ $c.smtp.host | quote }}
SMTP_PORT: {{ $c.smtp.port | quote }}
SMTP_SECURE: {{ $c.smtp.secure | quote }}
{{- range $name, $value := $c.activeKeyIds }}
{{ $name }}: {{ $value | quote }}
{{- end }}
{{- end -}}
