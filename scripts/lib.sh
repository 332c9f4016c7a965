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
