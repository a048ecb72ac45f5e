#!/usr/bin/env bash
# The DataLocal demo: a local cluster of real processes, real Parquet stored with replication,
# its blocks and replicas shown, read back byte-exact, and the cluster stopped.
set -euo pipefail
cd "$(dirname "$0")"

dotnet build client/DataLocal.Cli -c Release -v quiet -nologo >/dev/null
datalocal() { dotnet client/DataLocal.Cli/bin/Release/net10.0/datalocal.dll "$@"; }

work=$(mktemp -d)
trap 'datalocal cluster stop --dir "$work/cluster" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "== Starting a local cluster: 1 namenode + 3 datanodes, replication 2, 64 KB blocks"
datalocal cluster start --dir "$work/cluster" --datanodes 3 --replication 2 --block-size 64KB
export DATALOCAL_NAMENODE=$(sed -n 's/.*"NameNode": "\(.*\)".*/\1/p' "$work/cluster/cluster.json")

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
datalocal cluster status --dir "$work/cluster"
