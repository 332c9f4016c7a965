# Shared by ./gavel, ./test and .ci/run: find a JDK >= 21 and make the Maven wrapper usable.
# Sourced, not run.

gavel_die() { printf 'gavel: %s\n' "$*" >&2; exit 1; }

# Prints the major version of the java binary given, or nothing.
gavel_java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | cut -d. -f1
}

# Sets JAVA_HOME to a JDK >= 21: $JAVA_HOME if it qualifies, else the newest under /usr/lib/jvm,
# /Library/Java/JavaVirtualMachines or ~/.sdkman, else java on PATH.
gavel_pick_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
      "$HOME"/.sdkman/candidates/java/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(gavel_java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$candidate" = "${JAVA_HOME:-}" ] && [ "$major" -ge 21 ]; then best=$candidate; break; fi
    if [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best=$candidate; best_major=$major; fi
  done
  [ -n "$best" ] || gavel_die "no JDK 21 or newer found (looked at \$JAVA_HOME, /usr/lib/jvm and PATH); install one, e.g. apt-get install temurin-21-jdk or openjdk-21-jdk"
  export JAVA_HOME=$best
  export PATH="$JAVA_HOME/bin:$PATH"
}

# Prints the memory this process may use, in MiB: the cgroup limit when there is one, else the machine's.
gavel_memory_mib() {
  local limit
  for limit in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    [ -r "$limit" ] || continue
    limit=$(cat "$limit")
    # "max", or cgroup v1's "no limit" (a number near 2^63), mean none.
    case $limit in '' | max | *[!0-9]*) continue ;; esac
    [ "${#limit}" -lt 19 ] && { echo $((limit / 1048576)); return 0; }
  done
  if [ -r /proc/meminfo ]; then
    awk '/^MemTotal:/ { print int($2 / 1024); exit }' /proc/meminfo
  elif command -v sysctl >/dev/null 2>&1; then
    echo $(($(sysctl -n hw.memsize) / 1048576))
  fi
}

# Prints the JVM options ./gavel starts with: $GAVEL_JAVA_OPTS, plus ZGC and a heap bound of a quarter of
# the memory, at least 512 MiB and at most 2 GiB, unless $GAVEL_JAVA_OPTS chooses them: a footprint that
# stays put beside embedded PostgreSQL and Redis, and a p99 for cached card lookups that held up better
# under load than with the JVM's defaults (docs/BENCHMARKS.md, the card API reruns).
gavel_java_opts() {
  local opts=${GAVEL_JAVA_OPTS:-} major mib heap
  case " $opts " in
    *" -XX:+Use"*GC* | *" -XX:-Use"*GC*) ;;
    *)
      opts="$opts -XX:+UseZGC"
      major=$(gavel_java_major "$JAVA_HOME/bin/java")
      # ZGC became generational by default in JDK 23; 21 and 22 need asking.
      [ -n "$major" ] && [ "$major" -lt 23 ] && opts="$opts -XX:+ZGenerational"
      ;;
  esac
  case " $opts " in
    *" -Xmx"* | *"MaxHeapSize="* | *"MaxRAM"*) ;;
    *)
      mib=$(gavel_memory_mib)
      heap=$((${mib:-4096} / 4))
      [ "$heap" -lt 512 ] && heap=512
      [ "$heap" -gt 2048 ] && heap=2048
      opts="$opts -Xmx${heap}m"
      ;;
  esac
  echo "$opts"
}

# The wrapper's distributionUrl names no real host (see .mvn/wrapper/maven-wrapper.properties):
# take the default repository from the super POM of the Maven installed here.
gavel_maven_repo_url() {
  [ -n "${MVNW_REPOURL:-}" ] && return 0
  local mvn_home jar url
  mvn_home=$(dirname "$(dirname "$(readlink -f "$(command -v mvn 2>/dev/null || echo /nonexistent)")")")
  for jar in "$mvn_home"/lib/maven-model-builder-*.jar; do
    [ -f "$jar" ] || continue
    url=$(unzip -p "$jar" org/apache/maven/model/pom-4.0.0.xml 2>/dev/null | sed -n 's|.*<url>\(https\{0,1\}://[^<]*/maven2\)</url>.*|\1|p' | head -n 1)
    [ -n "$url" ] && { export MVNW_REPOURL=$url; return 0; }
  done
  gavel_die "cannot tell where to download Maven from: set MVNW_REPOURL to your Maven repository's base URL"
}

# Runs the Maven wrapper with a JDK >= 21.
gavel_mvn() {
  gavel_pick_jdk
  gavel_maven_repo_url
  "$GAVEL_ROOT/mvnw" "$@"
}
