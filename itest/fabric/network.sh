#!/usr/bin/env bash
# network.sh runs a Hyperledger Fabric 2.5 network natively on loopback, with
# no Docker: one etcdraft orderer (OrdererMSP), two peers of two
# organisations (Org1MSP, Org2MSP: every transaction needs both, the default
# MAJORITY endorsement policy), one channel, and Coco's bridge chaincode
# deployed as a service through the whole lifecycle (install, approve by
# both organisations, commit).
#
#   network.sh prepare DIR   crypto material, the channel's genesis block,
#                            node configuration, the chaincode package and
#                            one launcher per process in DIR/run/*.sh
#   network.sh start DIR     start every launcher in the background (pid
#                            files in DIR/run, logs in DIR/logs)
#   network.sh deploy DIR    with the processes running: create the channel
#                            on the orderer, join both peers, install,
#                            approve and commit the chaincode
#   network.sh init DIR SIGNERS THRESHOLD
#                            Initialize the token (as Org1's admin, which
#                            becomes the minter) and SetupBridge with the
#                            relay signer set (a JSON array of identities);
#                            prints "bridge_id: ID" for the connector's
#                            configuration
#   network.sh up DIR        prepare, start, deploy
#   network.sh down DIR      stop the processes started by start
#
# Tests run prepare, start the launchers themselves (so that they own the
# processes and can stop and restart them) and run deploy.
#
# Environment:
#   FABRIC_HOME  the directory build.sh prints (bin/, config/); default:
#                run build.sh
#   PORT_BASE    first of the ports used (default 17050): orderer +0,
#                orderer admin +1, orderer operations +2, peer of Org1 +10
#                (+11 chaincode, +12 operations), peer of Org2 +20 (+21,
#                +22), chaincode server +30
#   CCAAS_BIN    the chaincode server binary; default: built from this
#                checkout into DIR/bin
#   CHANNEL      channel name (default cocochannel)
#   CC_NAME      chaincode name (default cocobridge)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
CHANNEL=${CHANNEL:-cocochannel}
CC_NAME=${CC_NAME:-cocobridge}
CC_VERSION=1.0
CC_LABEL=${CC_NAME}_${CC_VERSION}
PORT_BASE=${PORT_BASE:-17050}

log() { echo "fabric network: $*" >&2; }
die() {
  log "$*"
  exit 1
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
}

fabric_home() {
  if [ -z "${FABRIC_HOME:-}" ]; then
    FABRIC_HOME=$("$here/build.sh")
  fi
  [ -x "$FABRIC_HOME/bin/peer" ] || die "FABRIC_HOME=$FABRIC_HOME holds no Fabric binaries (run $here/build.sh)"
  export PATH="$FABRIC_HOME/bin:$PATH"
}

# Ports (see the header).
ports() {
  P_ORDERER=$PORT_BASE
  P_ORDERER_ADMIN=$((PORT_BASE + 1))
  P_ORDERER_OPS=$((PORT_BASE + 2))
  P_PEER1=$((PORT_BASE + 10))
  P_PEER2=$((PORT_BASE + 20))
  P_CCAAS=$((PORT_BASE + 30))
}

# Paths inside DIR.
paths() {
  CRYPTO=$DIR/crypto
  ORD=$CRYPTO/ordererOrganizations/example.com
  ORD_NODE=$ORD/orderers/orderer.example.com
  ORD_ADMIN=$ORD/users/Admin@example.com
  ORD_CA=$ORD_NODE/tls/ca.crt
}

org_dir() { echo "$CRYPTO/peerOrganizations/org$1.example.com"; }
peer_port() { if [ "$1" = 1 ]; then echo "$P_PEER1"; else echo "$P_PEER2"; fi; }

write_crypto_config() {
  cat >"$DIR/config/crypto-config.yaml" <<EOF
OrdererOrgs:
  - Name: Orderer
    Domain: example.com
    EnableNodeOUs: true
    Specs:
      - Hostname: orderer
        SANS: [localhost, 127.0.0.1]
PeerOrgs:
  - Name: Org1
    Domain: org1.example.com
    EnableNodeOUs: true
    Template: {Count: 1, SANS: [localhost, 127.0.0.1]}
    Users: {Count: 1}
  - Name: Org2
    Domain: org2.example.com
    EnableNodeOUs: true
    Template: {Count: 1, SANS: [localhost, 127.0.0.1]}
    Users: {Count: 1}
EOF
}

org_yaml() { # org number
  local n=$1
  cat <<EOF
  - &Org$n
    Name: Org${n}MSP
    ID: Org${n}MSP
    MSPDir: $(org_dir "$n")/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('Org${n}MSP.admin', 'Org${n}MSP.peer', 'Org${n}MSP.client')"}
      Writers: {Type: Signature, Rule: "OR('Org${n}MSP.admin', 'Org${n}MSP.client')"}
      Admins: {Type: Signature, Rule: "OR('Org${n}MSP.admin')"}
      Endorsement: {Type: Signature, Rule: "OR('Org${n}MSP.peer')"}
    AnchorPeers:
      - {Host: 127.0.0.1, Port: $(peer_port "$n")}
EOF
}

write_configtx() {
  {
    cat <<EOF
Organizations:
  - &OrdererOrg
    Name: OrdererOrg
    ID: OrdererMSP
    MSPDir: $ORD/msp
    Policies:
      Readers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Writers: {Type: Signature, Rule: "OR('OrdererMSP.member')"}
      Admins: {Type: Signature, Rule: "OR('OrdererMSP.admin')"}
    OrdererEndpoints: [127.0.0.1:$P_ORDERER]
EOF
    org_yaml 1
    org_yaml 2
    cat <<EOF
Capabilities:
  Channel: &ChannelCapabilities {V2_0: true}
  Orderer: &OrdererCapabilities {V2_0: true}
  Application: &ApplicationCapabilities {V2_0: true}
Application: &ApplicationDefaults
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    LifecycleEndorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
    Endorsement: {Type: ImplicitMeta, Rule: "MAJORITY Endorsement"}
  Capabilities: *ApplicationCapabilities
Orderer: &OrdererDefaults
  OrdererType: etcdraft
  BatchTimeout: 100ms
  BatchSize: {MaxMessageCount: 50, AbsoluteMaxBytes: 10 MB, PreferredMaxBytes: 2 MB}
  EtcdRaft:
    Consenters:
      - Host: 127.0.0.1
        Port: $P_ORDERER
        ClientTLSCert: $ORD_NODE/tls/server.crt
        ServerTLSCert: $ORD_NODE/tls/server.crt
    Options: {TickInterval: 100ms, ElectionTick: 10, HeartbeatTick: 1, MaxInflightBlocks: 5, SnapshotIntervalSize: 16 MB}
  Organizations:
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
    BlockValidation: {Type: ImplicitMeta, Rule: "ANY Writers"}
Channel: &ChannelDefaults
  Policies:
    Readers: {Type: ImplicitMeta, Rule: "ANY Readers"}
    Writers: {Type: ImplicitMeta, Rule: "ANY Writers"}
    Admins: {Type: ImplicitMeta, Rule: "MAJORITY Admins"}
  Capabilities: *ChannelCapabilities
Profiles:
  CocoChannel:
    <<: *ChannelDefaults
    Orderer:
      <<: *OrdererDefaults
      Organizations: [*OrdererOrg]
      Capabilities: *OrdererCapabilities
    Application:
      <<: *ApplicationDefaults
      Organizations: [*Org1, *Org2]
      Capabilities: *ApplicationCapabilities
EOF
  } >"$DIR/config/configtx.yaml"
}

# The chaincode-as-a-service external builder: detect accepts packages of
# type ccaas, build and release hand connection.json to the peer, which
# then dials the chaincode server instead of launching anything.
write_builder() {
  local b=$DIR/builders/ccaas/bin
  mkdir -p "$b"
  cat >"$b/detect" <<'EOF'
#!/bin/sh
# detect SOURCE_DIR METADATA_DIR
grep -Eq '"type"[[:space:]]*:[[:space:]]*"ccaas"' "$2/metadata.json"
EOF
  cat >"$b/build" <<'EOF'
#!/bin/sh
# build SOURCE_DIR METADATA_DIR OUTPUT_DIR
set -e
[ -f "$1/connection.json" ] || { echo "connection.json missing from the package" >&2; exit 1; }
cp "$1/connection.json" "$3/connection.json"
EOF
  cat >"$b/release" <<'EOF'
#!/bin/sh
# release BUILD_OUTPUT_DIR RELEASE_OUTPUT_DIR
set -e
mkdir -p "$2/chaincode/server"
cp "$1/connection.json" "$2/chaincode/server/connection.json"
EOF
  chmod +x "$b/detect" "$b/build" "$b/release"
}

write_package() {
  local p=$DIR/chaincode
  mkdir -p "$p/src"
  printf '{"address":"127.0.0.1:%s","dial_timeout":"10s","tls_required":false}\n' "$P_CCAAS" >"$p/src/connection.json"
  printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" >"$p/src/metadata.json"
  tar -C "$p/src" -czf "$p/src/code.tar.gz" connection.json
  tar -C "$p/src" -czf "$p/$CC_NAME.tgz" metadata.json code.tar.gz
  # A package's id is its label and the SHA-256 of the package file.
  echo "$CC_LABEL:$(sha256sum "$p/$CC_NAME.tgz" | cut -d' ' -f1)" >"$p/package-id"
}

write_peer_config() { # org number
  local n=$1 port
  port=$(peer_port "$n")
  mkdir -p "$DIR/peer$n/config" "$DIR/peer$n/data"
  # Docker is never used; chaincode runs only through the external builder.
  sed -e "s|^\(    endpoint:\) unix:///var/run/docker.sock|\1 ''|" \
    -e "s|/opt/hyperledger/ccaas_builder|$DIR/builders/ccaas|" \
    "$FABRIC_HOME/config/core.yaml" >"$DIR/peer$n/config/core.yaml"
  grep -q "^    endpoint: ''" "$DIR/peer$n/config/core.yaml" || die "core.yaml: vm.endpoint not found"
  local node
  node=$(org_dir "$n")/peers/peer0.org$n.example.com
  cat >"$DIR/run/peer$n.sh" <<EOF
#!/bin/sh
export FABRIC_CFG_PATH=$DIR/peer$n/config
export FABRIC_LOGGING_SPEC=\${FABRIC_LOGGING_SPEC:-warning:gateway=info}
export CORE_PEER_ID=peer0.org$n.example.com
export CORE_PEER_ADDRESS=127.0.0.1:$port
export CORE_PEER_LISTENADDRESS=127.0.0.1:$port
export CORE_PEER_CHAINCODEADDRESS=127.0.0.1:$((port + 1))
export CORE_PEER_CHAINCODELISTENADDRESS=127.0.0.1:$((port + 1))
export CORE_PEER_GOSSIP_BOOTSTRAP=127.0.0.1:$port
export CORE_PEER_GOSSIP_EXTERNALENDPOINT=127.0.0.1:$port
export CORE_PEER_GOSSIP_USELEADERELECTION=false
export CORE_PEER_GOSSIP_ORGLEADER=true
# Gossip at loopback pace: peers of the two organisations find each other
# (and discovery learns who has the chaincode) within seconds of the
# channel's creation and of a restart, rather than Fabric's 25s defaults.
export CORE_PEER_GOSSIP_ALIVETIMEINTERVAL=1s
export CORE_PEER_GOSSIP_ALIVEEXPIRATIONTIMEOUT=5s
export CORE_PEER_GOSSIP_RECONNECTINTERVAL=1s
export CORE_PEER_GOSSIP_MEMBERSHIPTRACKERINTERVAL=1s
export CORE_PEER_GOSSIP_PUBLISHSTATEINFOINTERVAL=1s
export CORE_PEER_GOSSIP_REQUESTSTATEINFOINTERVAL=1s
export CORE_PEER_GOSSIP_PULLINTERVAL=1s
export CORE_PEER_LOCALMSPID=Org${n}MSP
export CORE_PEER_MSPCONFIGPATH=$node/msp
export CORE_PEER_TLS_ENABLED=true
export CORE_PEER_TLS_CERT_FILE=$node/tls/server.crt
export CORE_PEER_TLS_KEY_FILE=$node/tls/server.key
export CORE_PEER_TLS_ROOTCERT_FILE=$node/tls/ca.crt
export CORE_PEER_FILESYSTEMPATH=$DIR/peer$n/data
export CORE_LEDGER_SNAPSHOTS_ROOTDIR=$DIR/peer$n/data/snapshots
export CORE_OPERATIONS_LISTENADDRESS=127.0.0.1:$((port + 2))
export CORE_METRICS_PROVIDER=disabled
exec $FABRIC_HOME/bin/peer node start
EOF
}

write_orderer_launcher() {
  mkdir -p "$DIR/orderer"
  cat >"$DIR/run/orderer.sh" <<EOF
#!/bin/sh
export FABRIC_CFG_PATH=$FABRIC_HOME/config
export FABRIC_LOGGING_SPEC=\${FABRIC_LOGGING_SPEC:-warning}
export ORDERER_GENERAL_LISTENADDRESS=127.0.0.1
export ORDERER_GENERAL_LISTENPORT=$P_ORDERER
export ORDERER_GENERAL_LOCALMSPID=OrdererMSP
export ORDERER_GENERAL_LOCALMSPDIR=$ORD_NODE/msp
export ORDERER_GENERAL_TLS_ENABLED=true
export ORDERER_GENERAL_TLS_PRIVATEKEY=$ORD_NODE/tls/server.key
export ORDERER_GENERAL_TLS_CERTIFICATE=$ORD_NODE/tls/server.crt
export ORDERER_GENERAL_TLS_ROOTCAS=[$ORD_CA]
export ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE=$ORD_NODE/tls/server.crt
export ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY=$ORD_NODE/tls/server.key
export ORDERER_GENERAL_CLUSTER_ROOTCAS=[$ORD_CA]
export ORDERER_GENERAL_BOOTSTRAPMETHOD=none
export ORDERER_CHANNELPARTICIPATION_ENABLED=true
export ORDERER_ADMIN_LISTENADDRESS=127.0.0.1:$P_ORDERER_ADMIN
export ORDERER_ADMIN_TLS_ENABLED=true
export ORDERER_ADMIN_TLS_PRIVATEKEY=$ORD_NODE/tls/server.key
export ORDERER_ADMIN_TLS_CERTIFICATE=$ORD_NODE/tls/server.crt
export ORDERER_ADMIN_TLS_ROOTCAS=[$ORD_CA]
export ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true
export ORDERER_ADMIN_TLS_CLIENTROOTCAS=[$ORD_CA]
export ORDERER_OPERATIONS_LISTENADDRESS=127.0.0.1:$P_ORDERER_OPS
export ORDERER_METRICS_PROVIDER=disabled
export ORDERER_FILELEDGER_LOCATION=$DIR/orderer/ledger
export ORDERER_CONSENSUS_WALDIR=$DIR/orderer/etcdraft/wal
export ORDERER_CONSENSUS_SNAPDIR=$DIR/orderer/etcdraft/snapshot
exec $FABRIC_HOME/bin/orderer
EOF
}

write_ccaas_launcher() {
  local bin=${CCAAS_BIN:-}
  if [ -z "$bin" ]; then
    bin=$DIR/bin/ccaas
    log "building the chaincode server"
    (cd "$here/../.." && go build -o "$bin" ./connectors/fabric/chaincode/ccaas)
  fi
  cat >"$DIR/run/ccaas.sh" <<EOF
#!/bin/sh
export CHAINCODE_ID=$(cat "$DIR/chaincode/package-id")
export CHAINCODE_SERVER_ADDRESS=127.0.0.1:$P_CCAAS
exec $bin
EOF
}

# A standard connection profile per organisation, for clients (and for the
# Coco connector's configuration).
write_profiles() {
  local n port
  for n in 1 2; do
    port=$(peer_port "$n")
    cat >"$DIR/connection-org$n.yaml" <<EOF
name: coco-itest-org$n
version: 1.0.0
client:
  organization: Org$n
organizations:
  Org$n:
    mspid: Org${n}MSP
    peers: [peer0.org$n.example.com]
peers:
  peer0.org$n.example.com:
    url: grpcs://127.0.0.1:$port
    tlsCACerts:
      path: $(org_dir "$n")/tlsca/tlsca.org$n.example.com-cert.pem
    grpcOptions:
      ssl-target-name-override: peer0.org$n.example.com
orderers:
  orderer.example.com:
    url: grpcs://127.0.0.1:$P_ORDERER
    tlsCACerts:
      path: $ORD/tlsca/tlsca.example.com-cert.pem
channels:
  $CHANNEL:
    orderers: [orderer.example.com]
    peers:
      peer0.org$n.example.com: {endorsingPeer: true, chaincodeQuery: true, ledgerQuery: true, eventSource: true}
EOF
  done
}

cmd_prepare() {
  fabric_home
  [ ! -e "$DIR/run" ] || die "$DIR is already prepared"
  mkdir -p "$DIR/config" "$DIR/run" "$DIR/logs"
  write_crypto_config
  cryptogen generate --config="$DIR/config/crypto-config.yaml" --output="$CRYPTO" >/dev/null
  write_configtx
  configtxgen -configPath "$DIR/config" -profile CocoChannel -channelID "$CHANNEL" \
    -outputBlock "$DIR/config/$CHANNEL.block" 2>"$DIR/logs/configtxgen.log" ||
    die "configtxgen failed: $(cat "$DIR/logs/configtxgen.log")"
  write_builder
  write_package
  write_orderer_launcher
  write_peer_config 1
  write_peer_config 2
  write_ccaas_launcher
  write_profiles
  chmod +x "$DIR"/run/*.sh
  cat >"$DIR/network.env" <<EOF
CHANNEL=$CHANNEL
CC_NAME=$CC_NAME
PORT_BASE=$PORT_BASE
PACKAGE_ID=$(cat "$DIR/chaincode/package-id")
EOF
}

wait_port() { # port name
  local i
  for i in $(seq 1 300); do
    if (: </dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  die "$2 does not listen on 127.0.0.1:$1 (see $DIR/logs)"
}

cmd_start() {
  local name
  for name in orderer peer1 peer2 ccaas; do
    nohup "$DIR/run/$name.sh" >>"$DIR/logs/$name.log" 2>&1 &
    echo $! >"$DIR/run/$name.pid"
  done
}

cmd_down() {
  local f pid
  for f in "$DIR"/run/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

# as_admin ORG: environment for the peer CLI acting as ORG's admin on its peer.
as_admin() {
  local n=$1
  export FABRIC_CFG_PATH=$DIR/peer$n/config
  export FABRIC_LOGGING_SPEC=warning
  export CORE_PEER_TLS_ENABLED=true
  export CORE_PEER_LOCALMSPID=Org${n}MSP
  export CORE_PEER_MSPCONFIGPATH=$(org_dir "$n")/users/Admin@org$n.example.com/msp
  export CORE_PEER_ADDRESS=127.0.0.1:$(peer_port "$n")
  export CORE_PEER_TLS_ROOTCERT_FILE=$(org_dir "$n")/peers/peer0.org$n.example.com/tls/ca.crt
}

# retry N CMD...: the peer CLI fails while a peer is still catching up.
retry() {
  local n=$1 i
  shift
  for i in $(seq 1 "$n"); do
    if "$@" 2>>"$DIR/logs/cli.log" >>"$DIR/logs/cli.log"; then return 0; fi
    sleep 0.3
  done
  die "$* failed $n times: $(tail -5 "$DIR/logs/cli.log")"
}

orderer_flags() { echo "-o 127.0.0.1:$P_ORDERER --tls --cafile $ORD_CA --ordererTLSHostnameOverride orderer.example.com"; }

cmd_deploy() {
  fabric_home
  local pkgid
  pkgid=$(cat "$DIR/chaincode/package-id")
  wait_port "$P_ORDERER_ADMIN" orderer
  wait_port "$P_PEER1" "peer of Org1"
  wait_port "$P_PEER2" "peer of Org2"
  wait_port "$P_CCAAS" "chaincode server"

  log "creating channel $CHANNEL"
  retry 20 osnadmin channel join --channelID "$CHANNEL" --config-block "$DIR/config/$CHANNEL.block" \
    -o 127.0.0.1:"$P_ORDERER_ADMIN" --ca-file "$ORD_CA" \
    --client-cert "$ORD_ADMIN/tls/client.crt" --client-key "$ORD_ADMIN/tls/client.key"
  for n in 1 2; do
    (as_admin "$n" && retry 20 peer channel join -b "$DIR/config/$CHANNEL.block")
  done

  log "installing and approving $pkgid"
  local pids=""
  for n in 1 2; do
    (
      as_admin "$n"
      retry 5 peer lifecycle chaincode install "$DIR/chaincode/$CC_NAME.tgz"
      # shellcheck disable=SC2046
      retry 30 peer lifecycle chaincode approveformyorg $(orderer_flags) --channelID "$CHANNEL" \
        --name "$CC_NAME" --version "$CC_VERSION" --package-id "$pkgid" --sequence 1
    ) &
    pids="$pids $!"
  done
  wait_all $pids

  log "committing $CC_NAME"
  (
    as_admin 1
    # shellcheck disable=SC2046
    retry 30 peer lifecycle chaincode commit $(orderer_flags) --channelID "$CHANNEL" \
      --name "$CC_NAME" --version "$CC_VERSION" --sequence 1 \
      --peerAddresses 127.0.0.1:"$P_PEER1" --tlsRootCertFiles "$(org_dir 1)/peers/peer0.org1.example.com/tls/ca.crt" \
      --peerAddresses 127.0.0.1:"$P_PEER2" --tlsRootCertFiles "$(org_dir 2)/peers/peer0.org2.example.com/tls/ca.crt"
  )
  log "deployed $CC_NAME on $CHANNEL"
}

# wait_all PID...: waits for each and fails if any failed.
wait_all() {
  local failed=0 pid
  for pid in "$@"; do
    wait "$pid" || failed=1
  done
  [ "$failed" = 0 ] || die "a deployment step failed (see $DIR/logs/cli.log)"
}

invoke() { # function args as a JSON array of strings
  # shellcheck disable=SC2046
  retry 30 peer chaincode invoke $(orderer_flags) -C "$CHANNEL" -n "$CC_NAME" --waitForEvent \
    --peerAddresses 127.0.0.1:"$P_PEER1" --tlsRootCertFiles "$(org_dir 1)/peers/peer0.org1.example.com/tls/ca.crt" \
    --peerAddresses 127.0.0.1:"$P_PEER2" --tlsRootCertFiles "$(org_dir 2)/peers/peer0.org2.example.com/tls/ca.crt" \
    -c "{\"function\":\"$1\",\"Args\":$2}"
}

cmd_init() { # signers threshold
  fabric_home
  local signers=$1 threshold=$2 quoted
  quoted=$(printf '%s' "$signers" | sed 's/\\/\\\\/g; s/"/\\"/g')
  as_admin 1
  invoke Initialize '["Coco Token","COCO","2"]'
  invoke SetupBridge "[\"$quoted\",\"$threshold\"]"
  log "initialized: native token COCO, minter Org1MSP, $threshold of $signers"
  # What the connector's coco.bridge_id must say.
  echo "bridge_id: $(peer chaincode query -C "$CHANNEL" -n "$CC_NAME" -c '{"Args":["BridgeID"]}')"
}

[ $# -ge 2 ] || usage
cmd=$1
DIR=$2
shift 2
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
if [ "$cmd" != prepare ] && [ "$cmd" != up ] && [ -f "$DIR/network.env" ]; then
  # The settings prepare used.
  # shellcheck disable=SC1091
  . "$DIR/network.env"
fi
ports
paths
case $cmd in
prepare) cmd_prepare ;;
start) cmd_start ;;
deploy) cmd_deploy ;;
init)
  [ $# -eq 2 ] || usage
  cmd_init "$1" "$2"
  ;;
up)
  cmd_prepare
  cmd_start
  cmd_deploy
  ;;
down) cmd_down ;;
*) usage ;;
esac
