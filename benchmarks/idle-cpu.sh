#!/usr/bin/env bash
# Idle cost of a local cluster: starts 1 namenode + 4 datanodes (Release build) in a temporary
# directory, lets them warm up (tiered JIT settles), then prints each process's CPU use over
# SECONDS (default 60) as a percentage of one core, from /proc/PID/stat (utime + stime).
# Usage: bash benchmarks/idle-cpu.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
dotnet build client/DataLocal.Cli -c Release -v quiet -nologo >/dev/null
root=$PWD
datalocal() { dotnet "$root/client/DataLocal.Cli/bin/Release/net10.0/datalocal.dll" "$@"; }
work=$(mktemp -d)
trap 'cd "$work" && datalocal cluster stop >/dev/null; rm -rf "$work"' EXIT
cd "$work"
datalocal cluster start --datanodes 4 --replication 2 >/dev/null
pids=$(python3 -c 'import json; [print(p["ProcessId"], p["Role"]) for p in json.load(open(".datalocal/cluster.json"))["Processes"]]')
sleep 80
hz=$(getconf CLK_TCK)
declare -A before
while read -r pid role; do before[$pid]=$(awk '{print $14+$15}' "/proc/$pid/stat"); done <<< "$pids"
sleep "$secs"
while read -r pid role; do
  after=$(awk '{print $14+$15}' "/proc/$pid/stat")
  awk -v r="$role" -v d="$((after - before[$pid]))" -v hz="$hz" -v s="$secs" 'BEGIN { printf "%-11s %.2f%% of a core\n", r, d * 100 / hz / s }'
done <<< "$pids"
