{{/*
Shared building blocks. Each component folder (tenant/, auth/, dispatch/, response/,
console/) renders its objects through these with (dict "root" $ "component" "<name>"),
so the four services cannot drift apart in probes, security or network rules.
*/}}

{{- define "anpi.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "anpi.componentName" -}}
{{- printf "%s-%s" (include "anpi.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The service name the code knows itself by (consumer group, metrics label). */}}
{{- define "anpi.serviceName" -}}
{{- $names := dict "tenant" "tenant-service" "auth" "auth-service" "dispatch" "alert-dispatch-service" "response" "response-collection-service" "console" "console" -}}
{{- get $names . -}}
{{- end -}}

{{- define "anpi.labels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: anpi
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{- define "anpi.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "anpi.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s/%s-%s:%s" $image.registry $image.repository .component (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{- define "anpi.secretName" -}}
{{- default (printf "%s-secrets" (include "anpi.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "anpi.dbPrefix" -}}
{{- upper . -}}
{{- end -}}

{{/* Environment of a service container: shared config, its database, its secrets. */}}
{{- define "anpi.serviceEnv" -}}
{{- $root := .root -}}
{{- $values := get $root.Values .component -}}
{{- $secret := include "anpi.secretName" $root -}}
- name: HTTP_PORT
  value: {{ $values.containerPort | quote }}
- name: KAFKA_CLIENT_ID
  valueFrom: { fieldRef: { fieldPath: metadata.name } }
- name: DB_NAME
  value: {{ $values.database.name | quote }}
- name: DB_USER
  value: {{ $values.database.appUser | quote }}
- name: DB_PASSWORD
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ printf "%s_DB_APP_PASSWORD" (include "anpi.dbPrefix" .component) }} } }
{{- range $values.secretKeys }}
- name: {{ . }}
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ . }} } }
{{- end }}
{{- range $values.optionalSecretKeys }}
- name: {{ . }}
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: {{ . }}, optional: true } }
{{- end }}
{{- if $values.grpcPort }}
- name: GRPC_URL
  value: {{ printf "0.0.0.0:%v" $values.grpcPort | quote }}
{{- end }}
{{- with $values.nodeOptions }}
- name: NODE_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- with $values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "anpi.podSecurity" -}}
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- $values := get .root.Values .component }}
{{- with $values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{- define "anpi.deployment" -}}
{{- $root := .root -}}
{{- $values := get $root.Values .component -}}
{{- $isService := ne .component "console" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "anpi.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "anpi.labels" . | nindent 4 }}
spec:
  {{- if not (and (eq .component "dispatch") (or $values.autoscaling.enabled $values.keda.enabled)) }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 5
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxUnavailable: 0, maxSurge: 25% }
  selector:
    matchLabels:
      {{- include "anpi.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "anpi.labels" . | nindent 8 }}
      annotations:
        checksum/config: {{ include "anpi.configData" $root | sha256sum }}
    spec:
      serviceAccountName: {{ include "anpi.componentName" . }}
      automountServiceAccountToken: {{ $root.Values.serviceAccount.automountToken }}
      {{- if $isService }}
      # Longer than SHUTDOWN_GRACE_MS: the service drains HTTP, its Kafka batch and the outbox.
      terminationGracePeriodSeconds: {{ add (div $root.Values.config.shutdownGraceMs 1000) 15 }}
      {{- end }}
      {{- include "anpi.podSecurity" . | nindent 6 }}
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: topology.kubernetes.io/zone
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              {{- include "anpi.selectorLabels" . | nindent 14 }}
      containers:
        - name: {{ .component }}
          image: {{ include "anpi.image" . }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          {{- if $isService }}
          envFrom:
            - configMapRef:
                name: {{ include "anpi.fullname" $root }}-config
          env:
            {{- include "anpi.serviceEnv" . | nindent 12 }}
          {{- end }}
          ports:
            - name: http
              containerPort: {{ $values.containerPort }}
              protocol: TCP
            {{- if $values.grpcPort }}
            - name: grpc
              containerPort: {{ $values.grpcPort }}
              protocol: TCP
            {{- end }}
          startupProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 2
            failureThreshold: 60
          livenessProbe:
            httpGet: { path: /health/live, port: http }
            periodSeconds: 10
            timeoutSeconds: 3
            failureThreshold: 3
          readinessProbe:
            httpGet: { path: /health/ready, port: http }
            periodSeconds: 5
            timeoutSeconds: 3
            failureThreshold: 2
          resources:
            {{- toYaml $values.resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.containerSecurityContext | nindent 12 }}
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
      volumes:
        # The only writable path; the root filesystem is read-only.
        - name: tmp
          emptyDir: { medium: Memory, sizeLimit: 64Mi }
{{- end -}}

{{- define "anpi.service" -}}
{{- $values := get .root.Values .component -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "anpi.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "anpi.labels" . | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- include "anpi.selectorLabels" . | nindent 4 }}
  ports:
    - name: http
      port: 80
      targetPort: http
      protocol: TCP
    {{- if $values.grpcPort }}
    - name: grpc
      port: {{ $values.grpcPort }}
      targetPort: grpc
      protocol: TCP
    {{- end }}
{{- end -}}

{{- define "anpi.serviceAccount" -}}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "anpi.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "anpi.labels" . | nindent 4 }}
automountServiceAccountToken: {{ .root.Values.serviceAccount.automountToken }}
{{- end -}}

{{- define "anpi.pdb" -}}
{{- $values := get .root.Values .component -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "anpi.componentName" . }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "anpi.labels" . | nindent 4 }}
spec:
  minAvailable: {{ $values.pdb.minAvailable }}
  selector:
    matchLabels:
      {{- include "anpi.selectorLabels" . | nindent 6 }}
{{- end -}}

{{/*
Only the flows a component needs. The namespace-wide default deny (networkpolicy-default-deny.yaml)
blocks everything else.
*/}}
{{- define "anpi.networkPolicy" -}}
{{- $root := .root -}}
{{- $np := $root.Values.networkPolicy -}}
{{- $values := get $root.Values .component -}}
{{- $isService := ne .component "console" -}}
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "anpi.componentName" . }}
  namespace: {{ $root.Release.Namespace }}
  labels:
    {{- include "anpi.labels" . | nindent 4 }}
spec:
  podSelector:
    matchLabels:
      {{- include "anpi.selectorLabels" . | nindent 6 }}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: {{ $np.ingressControllerNamespace }} }
        - podSelector:
            matchLabels: { app.kubernetes.io/instance: {{ $root.Release.Name }}, app.kubernetes.io/part-of: anpi }
      ports:
        - { port: {{ $values.containerPort }}, protocol: TCP }
        {{- if $values.grpcPort }}
        - { port: {{ $values.grpcPort }}, protocol: TCP }
        {{- end }}
    {{- if $isService }}
    - from:
        - namespaceSelector:
            matchLabels: { kubernetes.io/metadata.name: {{ $np.monitoringNamespace }} }
      ports:
        - { port: {{ $values.containerPort }}, protocol: TCP }
    {{- end }}
  egress:
    - ports:
        - { port: 53, protocol: UDP }
        - { port: 53, protocol: TCP }
    {{- if $isService }}
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              {{- toYaml $np.postgres.podLabels | nindent 14 }}
      ports:
        - { port: {{ $np.postgres.port }}, protocol: TCP }
    - to:
        - namespaceSelector: {}
          podSelector:
            matchLabels:
              {{- toYaml $np.kafka.podLabels | nindent 14 }}
      ports:
        {{- range $np.kafka.ports }}
        - { port: {{ . }}, protocol: TCP }
        {{- end }}
    # Other Anpi services: JWKS from auth, internal HTTP APIs, gRPC.
    - to:
        - podSelector:
            matchLabels: { app.kubernetes.io/instance: {{ $root.Release.Name }}, app.kubernetes.io/part-of: anpi }
      ports:
        {{- range $component := list "tenant" "auth" "dispatch" "response" }}
        {{- $other := get $root.Values $component }}
        - { port: {{ $other.containerPort }}, protocol: TCP }
        {{- if $other.grpcPort }}
        - { port: {{ $other.grpcPort }}, protocol: TCP }
        {{- end }}
        {{- end }}
    {{- end }}
    {{- if or (eq .component "dispatch") (eq .component "auth") }}
    # Message providers (SMTP; SMS, LINE, Web Push and webhooks over https): public addresses only.
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
            except:
              {{- toYaml $np.providerEgress.exceptCidrs | nindent 14 }}
      ports:
        {{- range $np.providerEgress.ports }}
        - { port: {{ . }}, protocol: TCP }
        {{- end }}
    {{- end }}
{{- end -}}
