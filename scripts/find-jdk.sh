# Sourced (POSIX sh) by ./mvnw, ./descent and .ci/run: points JAVA_HOME at a JDK 25 or newer.
#
# Order: JAVA_HOME if it is 25+; else the newest 25+ JDK in the system's JVM folders; else the JDK
# behind `javac` on PATH. Nothing found: one line on stderr saying what to install, and exit 2.
# Only the `release` file of a JDK is read, so probing never starts a JVM.

# The feature version (17, 21, 25, ...) of the JDK at $1, or nothing if $1 is not a JDK.
descent_jdk_feature() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ -r "$1/release" ] || return 0
    sed -n -e '/^JAVA_VERSION=/{' -e 's/^JAVA_VERSION="\{0,1\}\([0-9][0-9]*\).*/\1/p' -e q -e '}' "$1/release"
}

descent_find_jdk() {
    descent_min=25
    descent_v=$(descent_jdk_feature "${JAVA_HOME:-/nonexistent}")
    if [ -n "$descent_v" ] && [ "$descent_v" -ge "$descent_min" ]; then
        return 0
    fi
    descent_best= descent_best_v=0
    # mvnw runs with globbing off (set -f); the folder scan needs it on.
    case $- in *f*) descent_noglob=1; set +f ;; *) descent_noglob= ;; esac
    for descent_home in /usr/lib/jvm/*/ /usr/java/*/ /opt/java/*/ /Library/Java/JavaVirtualMachines/*/Contents/Home/; do
        descent_home=${descent_home%/}
        descent_v=$(descent_jdk_feature "$descent_home")
        if [ -n "$descent_v" ] && [ "$descent_v" -ge "$descent_min" ] && [ "$descent_v" -gt "$descent_best_v" ]; then
            descent_best=$descent_home descent_best_v=$descent_v
        fi
    done
    [ -z "$descent_noglob" ] || set -f
    if [ -z "$descent_best" ] && command -v javac >/dev/null 2>&1; then
        descent_home=$(readlink -f "$(command -v javac)" 2>/dev/null) || descent_home=
        descent_home=${descent_home%/bin/javac}
        descent_v=$(descent_jdk_feature "$descent_home")
        if [ -n "$descent_v" ] && [ "$descent_v" -ge "$descent_min" ]; then
            descent_best=$descent_home
        fi
    fi
    if [ -z "$descent_best" ]; then
        echo "descent: JDK 25 or newer is required; install Temurin 25 (e.g. apt install temurin-25-jdk) or set JAVA_HOME" >&2
        exit 2
    fi
    JAVA_HOME=$descent_best
    export JAVA_HOME
}

descent_find_jdk
