# Envoy's preStop: drains it before the kubelet's SIGTERM, on which Envoy exits at once.
# Arguments: Envoy's admin port, the least and the most seconds to wait. The Envoy image has bash but
# no curl, and an httpGet hook can neither POST nor reach 127.0.0.1, so bash's /dev/tcp asks the admin.
port=$1 least=$2 most=$3
admin() {
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf '%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: 0\r\n\r\n' "$1" "$2" >&3
  cat <&3
  exec 3<&-
}
# /ready turns 503 and every response closes its connection (HTTP/2: GOAWAY), so clients move to
# other pods; the listeners start their graceful drain and close after --drain-time-s.
admin POST /healthcheck/fail >/dev/null
admin POST '/drain_listeners?graceful' >/dev/null
# Wait at least $least s (the pod leaves the Services' endpoints; kube-proxy and load balancers catch
# up), then until no downstream connection is open on a traffic listener (requests in flight,
# WebSocket and TCP sessions), and at most $most s. Admin's and the stats listener's own connections
# and the per-worker copies of the gauge do not count, and an answer without admin's own line (Envoy
# did not answer) never counts as idle. Time comes from EPOCHREALTIME: SECONDS ticks on whole
# wall-clock seconds, so its first tick can come a moment after the start.
elapsed() { ms=$(( ${EPOCHREALTIME//[!0-9]/} / 1000 - started )); }
started=0; elapsed; started=$ms; ms=0
while (( ms < most * 1000 )); do
  open=0 answered=0
  while read -r name value; do
    case $name in
      listener.admin.downstream_cx_active:) answered=1 ;;
      listener.admin.* | listener.isobar_stats.* | *.worker_*.* | *.main_thread.*) ;;
      listener.*.downstream_cx_active:) open=$((open + value)) ;;
    esac
  done < <(admin GET '/stats?filter=downstream_cx_active')
  elapsed
  (( ms >= least * 1000 && answered && open == 0 )) && break
  sleep 1
  elapsed
done
