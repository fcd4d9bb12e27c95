#!/usr/bin/env bash
# Idle memory per WebSocket connection with and without permessage-deflate (docs/performance.md,
# "permessage-deflate"): starts the sample host with the drop-in jar, opens N connections with the
# npm ws client (bench/node, default options: it offers permessage-deflate), sends each one event
# (so every connection has compressed a message), then reads the host's live heap after a full GC
# and its RSS. A fresh host each time: once with the client not offering deflate (--no-deflate),
# once offering it (the host negotiates it: ws.deflate defaults to true).
#   bench/scripts/deflate-idle.sh [N=2000]      (from the repository root, after mvn package)
set -euo pipefail
N=${1:-2000}
ROOT=$(pwd)
HOST_JAR=$ROOT/sample-host/server/target/sample-host.jar
PLUGIN_JAR=$ROOT/plugin/target/tidings-plugin.jar
NODE_DIR=$ROOT/bench/node
[ -d "$NODE_DIR/node_modules" ] || (cd "$NODE_DIR" && npm ci --no-audit --no-fund >/dev/null)
WORK=$(mktemp -d)
trap 'kill ${HOST_PID:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
mkdir -p "$WORK/plugins" "$WORK/data/plugins-data/tidings"
cp "$PLUGIN_JAR" "$WORK/plugins/"
cat > "$WORK/data/plugins-data/tidings/tidings.properties" <<PROPS
hub.maxConnectionsPerIp=100000
hub.maxAnonymousConnections=100000
ws.deflate=true
PROPS
start_host() {
  rm -rf "$WORK/data/plugins-data/tidings/tidings.db"*
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -Xmx1g -Dsamplehost.auth.testPasswordIterations=50000 -jar "$HOST_JAR" --demo --port "$PORT" \
    --data "$WORK/data" --plugins "$WORK/plugins" --password-iterations 50000 > "$WORK/host.log" 2>&1 &
  HOST_PID=$!
  for _ in $(seq 1 120); do grep -q "running at" "$WORK/host.log" && break; sleep 0.5; done
  heap() { jcmd "$HOST_PID" GC.run >/dev/null; jcmd "$HOST_PID" GC.heap_info | sed -n 's/.*used \([0-9]*\)K.*/\1/p' | head -1; }
  rss() { awk '/VmRSS/ {print $2}' "/proc/$HOST_PID/status"; }
  publish() {
    curl -s -u alice:tidings-alice -H 'Content-Type: application/json' \
      -d '{"channel":"repo:alice/demo","event":"custom.bench","data":{"pad":"'"$(head -c 1500 /dev/zero | tr '\0' x)"'"}}' \
      "http://127.0.0.1:$PORT/plugins/tidings/api/publish" >/dev/null
  }
}
# A fresh host per mode, so that neither inherits the other's grown heap (RSS).
for mode in no-deflate deflate; do
  [ -n "${HOST_PID:-}" ] && kill "$HOST_PID" && wait "$HOST_PID" 2>/dev/null || true
  start_host
  publish
  sleep 2
  H0=$(heap); R0=$(rss)
  FLAG=""; [ "$mode" = no-deflate ] && FLAG="--no-deflate"
  mkfifo "$WORK/in-$mode"
  node "$NODE_DIR/fanout-client.mjs" --url "ws://127.0.0.1:$PORT/plugins/tidings/ws" --subscribers "$N" \
    --source-addresses 8 $FLAG < "$WORK/in-$mode" > "$WORK/out-$mode" 2>&1 &
  NODE_PID=$!
  exec 3>"$WORK/in-$mode"
  for _ in $(seq 1 240); do grep -q READY "$WORK/out-$mode" && break; sleep 0.5; done
  echo reset >&3
  publish
  sleep 3
  echo "report 1" >&3
  sleep 1
  H1=$(heap); R1=$(rss)
  DELIVERED=$(grep -o '"deliveries":[0-9]*' "$WORK/out-$mode" | tail -1 || true)
  EXT=$(grep -o '"extensions":"[^"]*"' "$WORK/out-$mode" | head -1 || true)
  echo "$mode: $N idle connections, $EXT, $DELIVERED; live heap +$((H1 - H0)) KiB ($(( (H1 - H0) * 1000 / N )) B/conn), RSS +$((R1 - R0)) KiB ($(( (R1 - R0) * 1000 / N )) B/conn)"
  echo close >&3
  exec 3>&-
  wait $NODE_PID || true
done
