# Finds a JDK 21+ for ./junction, .ci/run and bench/run (sourced, not run): one place for where to look.
# Order: JAVA_HOME, then `java` on the PATH, then the newest JDK where the system's packages install
# (Debian/Ubuntu/Fedora /usr/lib/jvm, RPM /usr/java, /opt, macOS, Homebrew, SDKMAN), or in the directories
# JUNCTION_JDK_DIRS names instead (colon-separated; each holds JDKs, like /usr/lib/jvm).

# The major version of the JDK at $1: from its `release` file (instant), else by asking its java.
jdk_major() {
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

# Candidate JDK homes where the system's packages put them (or below JUNCTION_JDK_DIRS), one a line.
jdk_system_homes() {
  local dir dirs
  if [ -n "${JUNCTION_JDK_DIRS:-}" ]; then
    IFS=: read -r -a dirs <<<"$JUNCTION_JDK_DIRS"
    for dir in "${dirs[@]}"; do printf '%s\n' "$dir"/*; done
    return
  fi
  printf '%s\n' /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home \
    /opt/homebrew/opt/openjdk*/libexec/openjdk.jdk/Contents/Home /usr/local/opt/openjdk*/libexec/openjdk.jdk/Contents/Home \
    "${HOME:-/nonexistent}"/.sdkman/candidates/java/*
}

# The JDK home (a directory with bin/java, and bin/javac when $1 is "javac") of version 21 or newer; exit 1 if none.
jdk_find() {
  local need_javac=${1:-} d candidates=() system=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  command -v java >/dev/null 2>&1 && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  while IFS= read -r d; do
    [ -x "$d/bin/java" ] && system+=("$(jdk_major "$d") $d")
  done < <(jdk_system_homes)
  # Newest system JDK first.
  while read -r _ d; do [ -n "$d" ] && candidates+=("$d"); done < <(printf '%s\n' "${system[@]}" | sort -rn)
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] || continue
    [ "$need_javac" = javac ] && ! [ -x "$d/bin/javac" ] && continue
    if [ "$(jdk_major "$d")" -ge 21 ] 2>/dev/null; then echo "$d"; return 0; fi
  done
  return 1
}

# Where jdk_find looked, for the message when it found nothing.
jdk_where_looked() {
  local on_path="" home_note=""
  if command -v java >/dev/null 2>&1; then
    on_path=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    on_path=" (Java $(jdk_major "$on_path") at $on_path)"
  fi
  [ -n "${JAVA_HOME:-}" ] && home_note=" (Java $(jdk_major "$JAVA_HOME") at $JAVA_HOME)"
  echo "JAVA_HOME$home_note, java on the PATH$on_path, and ${JUNCTION_JDK_DIRS:-/usr/lib/jvm, /usr/java, /opt, /Library/Java/JavaVirtualMachines, Homebrew and SDKMAN}"
}
