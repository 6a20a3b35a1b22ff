# Finds a JDK 21+ for ./junction, .ci/run and bench/run (sourced, not run): one place for where to look.
# Order: JAVA_HOME, then `java` on the PATH, then the newest JDK where the system's packages install
# (Debian/Ubuntu/Fedora /usr/lib/jvm, RPM /usr/java, /opt, macOS, Homebrew, SDKMAN), or in the directories
# JUNCTION_JDK_DIRS names instead (colon-separated; each holds JDKs, like /usr/lib/jvm).
#
# The launcher runs this before every start of a gateway, so it stays in the shell: a process forked per JDK
# looked at (sed, sort, dirname) cost ~8 ms each on a small VM, ~150 ms of the time to the first 202.

# Sets JDK_RELEASE to the value of $2 (e.g. JAVA_VERSION) in the `release` file of the JDK at $1, or to nothing.
jdk_release_set() {
  local line
  JDK_RELEASE=""
  [ -f "$1/release" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case $line in "$2"=\"*\"*) JDK_RELEASE=${line#"$2"=\"}; JDK_RELEASE=${JDK_RELEASE%%\"*}; return 0 ;; esac
  done <"$1/release"
}

# Sets JDK_MAJOR to the major version of the JDK at $1: from its `release` file, else by asking its java.
_jdk_major_set() {
  local v
  jdk_release_set "$1" JAVA_VERSION
  v=$JDK_RELEASE
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v=${v#1.}
  JDK_MAJOR=${v%%[.+-]*}
}

# The major version of the JDK at $1.
jdk_major() {
  _jdk_major_set "$1"
  echo "$JDK_MAJOR"
}

# Whether $1 is a JDK home of version 21 or newer (with bin/javac when $2 is "javac").
_jdk_usable() {
  [ -x "$1/bin/java" ] || return 1
  [ "${2:-}" = javac ] && ! [ -x "$1/bin/javac" ] && return 1
  _jdk_major_set "$1"
  [ "$JDK_MAJOR" -ge 21 ] 2>/dev/null
}

# Candidate JDK homes where the system's packages put them (or below JUNCTION_JDK_DIRS), in JDK_HOMES.
_jdk_system_homes_set() {
  local dir dirs
  JDK_HOMES=()
  if [ -n "${JUNCTION_JDK_DIRS:-}" ]; then
    IFS=: read -r -a dirs <<<"$JUNCTION_JDK_DIRS"
    for dir in "${dirs[@]}"; do JDK_HOMES+=("$dir"/*); done
    return
  fi
  JDK_HOMES=(/usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/*)
}

# The home of the JDK `java` on the PATH runs from, or nothing.
_jdk_on_path() {
  local java
  java=$(command -v java 2>/dev/null) || return 1
  java=$(readlink -f "$java") || return 1
  java=${java%/*}
  echo "${java%/*}"
}

# The JDK home (a directory with bin/java, and bin/javac when $1 is "javac") of version 21 or newer; exit 1 if none.
# Looks no further than it must: a good JAVA_HOME is answered without reading the PATH or the system's JDKs.
jdk_find() {
  local need_javac=${1:-} d best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && _jdk_usable "$JAVA_HOME" "$need_javac"; then echo "$JAVA_HOME"; return 0; fi
  if d=$(_jdk_on_path) && _jdk_usable "$d" "$need_javac"; then echo "$d"; return 0; fi
  # The newest system JDK (of equal versions, the last by name, as `sort -rn` had it).
  _jdk_system_homes_set
  for d in "${JDK_HOMES[@]}"; do
    _jdk_usable "$d" "$need_javac" || continue
    if [ "$JDK_MAJOR" -gt "$best_major" ] || { [ "$JDK_MAJOR" -eq "$best_major" ] && [[ $d > $best ]]; }; then
      best=$d best_major=$JDK_MAJOR
    fi
  done
  [ -n "$best" ] || return 1
  echo "$best"
}

# Where jdk_find looked, for the message when it found nothing.
jdk_where_looked() {
  local on_path="" home_note=""
  if on_path=$(_jdk_on_path); then on_path=" (Java $(jdk_major "$on_path") at $on_path)"; fi
  [ -n "${JAVA_HOME:-}" ] && home_note=" (Java $(jdk_major "$JAVA_HOME") at $JAVA_HOME)"
  echo "JAVA_HOME$home_note, java on the PATH$on_path, and ${JUNCTION_JDK_DIRS:-/usr/lib/jvm, /usr/java, /opt, /Library/Java/JavaVirtualMachines, Homebrew and SDKMAN}"
}

# Sets JDK_MAVEN_OPTS to MAVEN_OPTS for a quiet build (mvn -q) whose Maven runs on the JDK of major version $1, the
# caller's own MAVEN_OPTS last. Maven 3.8's guava calls sun.misc.Unsafe, which JDK 24+ warns about in four lines
# unless allowed (an option JDK 21 refuses to start with); its jansi writes colour resets (\e[0m) even in batch mode.
jdk_maven_opts_set() {
  JDK_MAVEN_OPTS=-Djansi.noreset=true
  [ "$1" -lt 24 ] || JDK_MAVEN_OPTS+=" --sun-misc-unsafe-memory-access=allow"
  JDK_MAVEN_OPTS+="${MAVEN_OPTS:+ $MAVEN_OPTS}"
}
