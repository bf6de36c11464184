# Sourced (bash) by ./descent: is the CLI's build older than the sources it was built from?
#
# descent_newer_source ROOT JAR prints the first build input under the project at ROOT that is newer
# than JAR: the root pom, and for each module the root pom lists, its pom and anything under its
# src/main (sources, resources such as the fatbins; a folder too, so a deleted file counts). Prints
# nothing when the build is current. A `git pull` sets the mtime of every file it changes, so it
# makes the build stale exactly where it brought something new.
descent_newer_source() {
    local root=$1 jar=$2 module
    local -a inputs=("$root/pom.xml")
    while read -r module; do
        [[ -f $root/$module/pom.xml ]] && inputs+=("$root/$module/pom.xml")
        [[ -d $root/$module/src/main ]] && inputs+=("$root/$module/src/main")
    done < <(sed -n 's:^[[:space:]]*<module>[[:space:]]*\([^<[:space:]]*\)[[:space:]]*</module>.*:\1:p' "$root/pom.xml")
    find "${inputs[@]}" -newer "$jar" -print -quit 2>/dev/null || true
}
