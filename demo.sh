#!/usr/bin/env bash
# The DataLocal demo: a local cluster of real processes, real Parquet stored with replication,
# its blocks and replicas shown and read back byte-exact, then a SQL job that runs where the data
# is, its locality report, and the same job with locality turned off for contrast.
set -euo pipefail
cd "$(dirname "$0")"

dotnet build client/DataLocal.Cli -c Release -v quiet -nologo >/dev/null
datalocal() { dotnet client/DataLocal.Cli/bin/Release/net10.0/datalocal.dll "$@"; }

work=$(mktemp -d)
trap 'datalocal cluster stop --dir "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== Starting a local cluster: 1 namenode + 4 datanodes, replication 2, 64 KB blocks"
datalocal cluster start --dir "$work/cluster" --datanodes 4 --replication 2 --block-size 64KB
export DATALOCAL_NAMENODE=$(sed -n 's/.*"NameNode": "\(.*\)".*/\1/p' "$work/cluster/cluster.json")
export DATALOCAL_TOKEN_FILE="$work/cluster/token"   # the admin token `cluster start` made (owner-only)

echo
echo "== Storing real Parquet files (split only at row-group boundaries)"
datalocal fs mkdir -p /data
datalocal fs put testdata/parquet/lineitem-top10000.gzip.parquet /data/lineitem.parquet
datalocal fs put testdata/parquet/manyrowgroups.parquet /data/manyrowgroups.parquet --block-size 8KB
datalocal fs ls -h /data

echo
echo "== Blocks of /data/manyrowgroups.parquet: whole row groups, 2 replicas each"
datalocal fs blocks /data/manyrowgroups.parquet

echo
echo "== Reading it back"
datalocal fs get /data/manyrowgroups.parquet "$work/copy.parquet"
sha256sum testdata/parquet/manyrowgroups.parquet "$work/copy.parquet"

echo
echo "== A malformed Parquet file is refused, and nothing is stored"
datalocal fs put testdata/bad-parquet/ARROW-GH-41317.parquet /data/bad.parquet || true

echo
echo "== A table of 24 Parquet parts (TPC-H lineitem, 10,000 rows each) stored as a directory"
mkdir "$work/parts"
for i in $(seq -w 0 23); do ln -s "$PWD/testdata/parquet/lineitem-top10000.gzip.parquet" "$work/parts/part-$i.parquet"; done
datalocal fs mkdir -p /data/lineitem
datalocal fs put "$work"/parts/*.parquet /data/lineitem >/dev/null
datalocal fs ls -h /data/lineitem | head -4

sql="SELECT l_returnflag, l_linestatus, count(*), sum(l_quantity), avg(l_extendedprice) FROM /data/lineitem WHERE l_shipdate >= '1995-01-01' GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus"
# Both jobs once, quietly, so the timings below are not the executors' first-run JIT warm-up.
datalocal job submit --wait "$sql" >/dev/null 2>&1
datalocal job submit --wait --locality off --locality-wait 0 "$sql" >/dev/null 2>&1

echo
echo "== A job where the data is: one task per block, each on a node holding a replica"
echo "   $sql"
datalocal job submit --wait "$sql"
job=$(datalocal job list --json | sed -n 's/.*"jobId": "\(.*\)".*/\1/p' | head -1)  # the newest job
echo
echo "== Its tasks (first 8): Locality Level, bytes read from local disk vs over the network"
datalocal job tasks "$job" | head -9

echo
echo "== The same job with locality off: tasks land anywhere and stream their blocks over the network"
datalocal job submit --wait --locality off --locality-wait 0 "$sql" | tail -3

echo "   (everything here shares one machine's loopback, so the clock barely sees the network;"
echo "    on separate hosts with 100 Mbit/s links, benchmarks/results/NetnsLocality-full.md measured"
echo "    remote replicas 4.7x and an nginx object store 23x slower than data-local)"

echo
datalocal job list
datalocal cluster status --dir "$work/cluster"
