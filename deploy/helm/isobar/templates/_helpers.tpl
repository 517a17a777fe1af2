{{/* The chart name, or nameOverride. */}}
{{- define "isobar.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The base name of the release's objects: the release name when it contains the chart name (a release
named "isobar" gives the names of deploy/manifests/), else "<release>-isobar".
*/}}
{{- define "isobar.fullname" -}}
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

{{- define "isobar.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "isobar.selectorLabels" -}}
app.kubernetes.io/name: {{ include "isobar.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: ingress-controller
{{- end }}

{{- define "isobar.labels" -}}
helm.sh/chart: {{ include "isobar.chart" . }}
{{ include "isobar.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: isobar
{{- end }}

{{- define "isobar.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "isobar.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "isobar.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "isobar.envoyImage" -}}
{{- printf "%s:%s" .Values.envoy.image.repository .Values.envoy.image.tag }}
{{- end }}

{{/* The Service in front of Envoy. */}}
{{- define "isobar.envoyServiceName" -}}
{{- default (printf "%s-envoy" (include "isobar.fullname" .) | trunc 63 | trimSuffix "-") .Values.service.name }}
{{- end }}

{{/* Envoy's stats, for Prometheus. */}}
{{- define "isobar.envoyMetricsServiceName" -}}
{{- printf "%s-envoy-metrics" (include "isobar.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "isobar.leaseName" -}}
{{- default (printf "%s-leader" (include "isobar.fullname" .)) .Values.leaderElection.leaseName }}
{{- end }}

{{/* Read access to the routing objects of one namespace or of the cluster (ClusterRole or Role rules). */}}
{{- define "isobar.readRules" -}}
# The routing intent.
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses"]
  verbs: ["get", "list", "watch"]
# Ingress status.loadBalancer (the leader only).
- apiGroups: ["networking.k8s.io"]
  resources: ["ingresses/status"]
  verbs: ["update", "patch"]
# IngressRoute and its status.currentStatus / description.
- apiGroups: ["contour.heptio.com"]
  resources: ["ingressroutes"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["contour.heptio.com"]
  resources: ["ingressroutes/status"]
  verbs: ["update", "patch"]
# Backend ports, the Envoy Service's address; TLS certificates (isobar lists only type=kubernetes.io/tls).
- apiGroups: [""]
  resources: ["services", "secrets"]
  verbs: ["get", "list", "watch"]
# Where the backends run.
- apiGroups: ["discovery.k8s.io"]
  resources: ["endpointslices"]
  verbs: ["get", "list", "watch"]
{{- end }}

{{/* The routing APIs isobar serves. */}}
{{- define "isobar.apis" -}}
{{- $apis := list "api-ingress" "api-ingressroute" }}
{{- if .Values.gatewayApi.enabled }}{{- $apis = append $apis "api-gateway" }}{{- end }}
{{- toJson $apis }}
{{- end }}

{{/* Gateway API settings: each Gateway's fleet reaches this release's xDS Service and uses its images. */}}
{{- define "isobar.gatewayApiConfig" -}}
{{- $g := .Values.gatewayApi }}
{{- $c := dict "controllerName" $g.controllerName "fleets" $g.fleets }}
{{- if $g.fleets }}
{{- $_ := set $c "replicas" (int $g.replicas) }}
{{- $_ := set $c "serviceType" $g.serviceType }}
{{- $_ := set $c "privilegedPortOffset" (int $g.privilegedPortOffset) }}
{{- $_ := set $c "envoyImage" (include "isobar.envoyImage" .) }}
{{- $_ := set $c "bootstrapImage" (include "isobar.image" .) }}
{{- $_ := set $c "xdsAddress" (printf "%s.%s.svc" (include "isobar.fullname" .) .Release.Namespace) }}
{{- $_ := set $c "xdsPort" (int .Values.xds.port) }}
{{- $_ := set $c "xdsClientSecret" (printf "%s/%s" .Release.Namespace .Values.xdsTls.clientSecretName) }}
{{- $_ := set $c "xdsServerName" .Values.xdsTls.serverName }}
{{- end }}
{{- toJson $c }}
{{- end }}

{{/* Gateway API in one namespace or all: its namespaced kinds, their status, and each Gateway's Envoy fleet. */}}
{{- define "isobar.gatewayApiRules" -}}
{{- if .Values.gatewayApi.enabled }}
# Gateway API objects, and their status (the leader only).
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["gateways", "httproutes", "grpcroutes", "tlsroutes", "tcproutes", "listenersets", "referencegrants", "backendtlspolicies"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["gateways/status", "httproutes/status", "grpcroutes/status", "tlsroutes/status", "tcproutes/status", "backendtlspolicies/status", "listenersets/status"]
  verbs: ["update", "patch"]
# The CA certificates BackendTLSPolicies name (key ca.crt).
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get", "list", "watch"]
{{- if .Values.gatewayApi.fleets }}
# Each Gateway's Envoy Deployment and Service, and its copy of the xDS client certificate, applied
# server-side in the Gateway's namespace and owned by the Gateway.
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services", "secrets"]
  verbs: ["create", "patch", "delete"]
{{- end }}
{{- end }}
{{- end }}

{{/* Gateway API's cluster-scoped part: GatewayClasses, and Namespaces for listeners that pick route namespaces by label. */}}
{{- define "isobar.gatewayApiClusterRules" -}}
{{- if .Values.gatewayApi.enabled }}
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["gatewayclasses"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["gatewayclasses/status"]
  verbs: ["update", "patch"]
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get", "list", "watch"]
{{- end }}
{{- end }}

{{/* isobar's config file. */}}
{{- define "isobar.config" -}}
{{- $config := dict
  "plugins" (concat (fromJsonArray (include "isobar.apis" .)) (list "source-k8s" "sink-xds" "websocket" "prefix-rewrite" "timeout-retry" "load-balancing" "health-check" "tcp-proxy"))
  "log" (dict "level" .Values.log.level "format" .Values.log.format)
  "admin" (dict "address" "0.0.0.0" "port" (int .Values.admin.port))
  "xds" (dict "address" "0.0.0.0" "port" (int .Values.xds.port) "tls" (dict "caFile" "/certs/ca.crt" "certFile" "/certs/tls.crt" "keyFile" "/certs/tls.key"))
  "listeners" (dict "http" (dict "port" (int .Values.envoy.containerPorts.http)) "https" (dict "port" (int .Values.envoy.containerPorts.https)))
  "ingress" (dict "className" .Values.ingressClass.name "controllerName" .Values.ingressClass.controllerName "handleUnclassed" .Values.ingressClass.handleUnclassed)
  "sourceK8s" (dict
    "inCluster" true
    "watchNamespaces" .Values.watchNamespaces
    "ingressClasses" .Values.watchIngressClasses
    "statusService" (printf "%s/%s" .Release.Namespace (include "isobar.envoyServiceName" .))
    "statusAddress" .Values.statusAddress)
  "leaderElection" (dict "enabled" .Values.leaderElection.enabled "namespace" .Release.Namespace "leaseName" (include "isobar.leaseName" .))
  "ingressRoute" (dict "rootNamespaces" .Values.ingressRoute.rootNamespaces)
}}
{{- if .Values.gatewayApi.enabled }}{{- $_ := set $config "gatewayApi" (fromJson (include "isobar.gatewayApiConfig" .)) }}{{- end }}
{{- toYaml (mustMergeOverwrite $config (deepCopy .Values.extraConfig)) }}
{{- end }}

{{/* A ServiceMonitor endpoint's interval and scrapeTimeout, each left out when empty (Prometheus' default then). */}}
{{- define "isobar.scrapeTiming" -}}
{{- with .interval }}
interval: {{ . | quote }}
{{- end }}
{{- with .scrapeTimeout }}
scrapeTimeout: {{ . | quote }}
{{- end }}
{{- end }}
