#!/usr/bin/env bash
# b2bua-cps: the calls per second the node bridges with 0 failures, driven the way a carrier would test it:
# sipp UAC -> callactors node (Release build, SQLite journal, every SIP message and status change persisted)
# -> sipp UAS, all on loopback. Each rate runs for --duration seconds; a rate counts as sustained when every call
# succeeded and sipp kept the pace. Then INVITE->200 latency (p50/p99, from sipp's per-call response times) at
# --latency-rate. The node's CPU per call comes from /proc. Prints RESULT lines like the C# suites.
#
#   tests/CallActors.Benchmarks/b2bua-cps.sh                      # 500 1000 1500 2000 CPS, 60 s each
#   tests/CallActors.Benchmarks/b2bua-cps.sh --rates "600 800" --duration 20
#   tests/CallActors.Benchmarks/b2bua-cps.sh --quick              # 10 s per rate, for a smoke run
#
# Needs sipp (Debian: sip-tester). Uses 127.0.9.1 (node), .2 (UAS), .3 (UAC). BENCH_ENV="NAME=value ..." passes
# extra environment to the node (e.g. runtime knobs such as DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0).
set -euo pipefail
cd "$(dirname "$0")/../.."

rates="500 1000 1500 2000"
duration=60
latency_rate=500
while [ $# -gt 0 ]; do
    case "$1" in
        --rates) rates="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --latency-rate) latency_rate="$2"; shift 2 ;;
        --quick) duration=10; shift ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done
command -v sipp >/dev/null || { echo "sipp is not installed: apt-get install sip-tester" >&2; exit 2; }

work=$(mktemp -d /tmp/callactors-b2bua-cps.XXXXXX)
artifacts="$work/artifacts"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "building the node (Release) into $artifacts"
dotnet build src/CallActors.Node -c Release --artifacts-path "$artifacts" -v q -nologo >/dev/null
node_dll="$artifacts/bin/CallActors.Node/release/callactors.dll"

cat > "$work/node.conf" <<'CONF'
callactors.sip {
  bind-address = "127.0.9.1"
  port = 5060
  calls { max-concurrent = 100000, max-per-second = 100000, passivate-after = 5s }
  routes = [ { name = "bench-uas", target = "sip:${user}@127.0.9.2:5070" } ]
}
CONF
# Per-call log lines off (console logging at thousands of lines a second measures the terminal); the listening line on.
env ${BENCH_ENV:-} Logging__LogLevel__Default=Warning "Logging__LogLevel__CallActors.Sip.Transport.SipTransport=Information" \
    dotnet "$node_dll" node --config "$work/node.conf" --data-dir "$work/data" > "$work/node.log" 2>&1 &
node_pid=$!; pids+=("$node_pid")
for _ in $(seq 1 300); do grep -q "SIP listening" "$work/node.log" 2>/dev/null && break; sleep 0.1; done
grep -q "SIP listening" "$work/node.log" || { echo "node did not start:"; cat "$work/node.log"; exit 1; }

sipp -sn uas -i 127.0.9.2 -p 5070 -nostdin -trace_err > "$work/uas.out" 2>&1 &
pids+=("$!")
sleep 0.5

cpu_ticks() { awk '{print $14 + $15}' "/proc/$node_pid/stat"; }
ticks_per_second=$(getconf CLK_TCK)
stat() { python3 -c "
import csv,sys
rows=list(csv.reader(open('$1'),delimiter=';')); h=rows[0]; r=rows[-1]
print(r[h.index('$2')])"; }

run_rate() { # rate calls port extra-args... ; prints "successful failed retransmissions elapsed_s cpu_ms_per_call"
    local rate=$1 calls=$2 port=$3; shift 3
    local before after
    before=$(cpu_ticks)
    (cd "$work" && timeout $((calls / rate + 60)) sipp -sn uac 127.0.9.1:5060 -i 127.0.9.3 -p "$port" -r "$rate" -m "$calls" \
        -l $((rate * 5)) -d 0 -nostdin -timeout $((calls / rate + 40))s -trace_stat -stf "uac-$rate.csv" -fd 1 "$@" \
        > "uac-$rate.out" 2>&1) || true
    after=$(cpu_ticks)
    local ok failed retrans elapsed
    ok=$(stat "$work/uac-$rate.csv" 'SuccessfulCall(C)')
    failed=$(stat "$work/uac-$rate.csv" 'FailedCall(C)')
    retrans=$(stat "$work/uac-$rate.csv" 'Retransmissions(C)')
    elapsed=$(stat "$work/uac-$rate.csv" 'ElapsedTime(C)' | awk -F: '{print $1*3600 + $2*60 + $3}')
    echo "$ok $failed $retrans $elapsed $(( (after - before) * 1000 / ticks_per_second * 1000 / (ok > 0 ? ok : 1) ))"
}

best=0
port=6000
for rate in $rates; do
    calls=$((rate * duration))
    read -r ok failed retrans elapsed cpu_us <<<"$(run_rate "$rate" "$calls" $port)"
    port=$((port + 1))
    sustained=no
    if [ "$failed" = 0 ] && [ "$ok" = "$calls" ] && [ "$elapsed" -le $((duration + duration / 10 + 2)) ]; then sustained=yes; best=$rate; fi
    echo "RESULT b2bua-cps rate=$rate calls=$calls successful=$ok failed=$failed retransmissions=$retrans elapsed_s=$elapsed node_cpu_us_per_call=$cpu_us sustained=$sustained"
    [ "$sustained" = yes ] || break
done
echo "RESULT b2bua-cps highest_sustained_cps=$best duration_s=$duration"

# INVITE -> 200 latency at the latency rate, from sipp's per-call response-time file.
calls=$((latency_rate * 20))
(cd "$work" && rm -f uac_*_rtt.csv)
read -r ok failed _ _ _ <<<"$(run_rate "$latency_rate" "$calls" $port -trace_rtt -rtt_freq 1)"
python3 - "$work" "$latency_rate" "$ok" "$failed" <<'PY'
import csv, glob, sys
work, rate, ok, failed = sys.argv[1:5]
values = []
for f in glob.glob(work + "/uac_*_rtt.csv"):
    for row in csv.reader(open(f), delimiter=';'):
        if len(row) >= 3 and row[2].strip() == "1":
            try: values.append(float(row[1]))
            except ValueError: pass
values.sort()
pick = lambda q: values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")
print(f"RESULT b2bua-latency rate={rate} calls={len(values)} successful={ok} failed={failed} invite_200_p50_ms={pick(0.50):.2f} invite_200_p99_ms={pick(0.99):.2f}")
PY
echo "work folder (node log, sipp stats): $work"
