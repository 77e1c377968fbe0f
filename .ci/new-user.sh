#!/usr/bin/env bash
# Plays a new user: packs the libraries into a local folder feed, makes a fresh project with `dotnet new console`
# outside the repository, adds Curio.Actors and Curio.Actors.Net from that feed only (their dependencies, Akka's
# packages, come from this machine's package cache, so no network is needed), runs .ci/new-user/Program.cs (a TCP
# echo server with a timeout per client, a RunInProcess call, a task group) and compares its output with
# .ci/new-user/expected.txt; the build must warn CURIO001 for Misuse.cs (the analyzers came along). Every step is bounded; exits 0 when the output matches.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
step() { echo "new-user: $(date +%T) $*"; }

step "pack into $work/feed"
# the libraries only (packages.slnf): packing the whole solution would also build the tests and examples
timeout 300 dotnet pack "$repo/packages.slnf" -c Release -o "$work/feed" -v quiet -nologo

step "dotnet new console"
timeout 60 dotnet new console -n NewUser -o "$work/app" --no-update-check >/dev/null
cd "$work/app"
# Only the local feed, and the machine's cache read as a folder feed; a fresh package folder, so the packages
# just made are used and not an older build of the same version.
cat > nuget.config <<XML
<configuration>
  <packageSources>
    <clear />
    <add key="local" value="$work/feed" />
    <add key="cache" value="$cache" />
  </packageSources>
</configuration>
XML
export NUGET_PACKAGES="$work/packages"
step "add Curio.Actors and Curio.Actors.Net from the feed"
timeout 120 dotnet add package Curio.Actors >/dev/null
timeout 120 dotnet add package Curio.Actors.Net >/dev/null
cp "$repo/.ci/new-user/Program.cs" "$repo/.ci/new-user/Misuse.cs" .

step "build"
timeout 180 dotnet build -c Release > build.txt 2>&1 || { cat build.txt; exit 1; }
# the analyzers came with the package
grep -q "Misuse.cs(9,9): warning CURIO001" build.txt || { step "no CURIO001 warning for Misuse.cs"; cat build.txt; exit 1; }

step "run"
timeout 120 dotnet run -c Release --no-build > out.txt 2> err.txt || { cat out.txt err.txt; exit 1; }
# the server's line and the clients' lines come from different tasks: compare them in order of text
if diff <(sort out.txt) <(sort "$repo/.ci/new-user/expected.txt"); then
  step "output as expected"
else
  step "unexpected output"; cat out.txt err.txt; exit 1
fi
step "passed"
