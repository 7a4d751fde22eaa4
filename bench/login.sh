# login.sh: log in to a running mandate server with curl and print the
# Cookie header value of the new session. Usage: login BASE_URL USER PASSWORD
login(){
  jar=$(mktemp)
  csrf=$(curl -s -c "$jar" "$1/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "username=$2" \
       --data-urlencode "password=$3" --data-urlencode "csrf=$csrf" "$1/login"
  awk '!/^#/ && NF>=7 {printf "%s%s=%s", sep, $6, $7; sep="; "} /^#HttpOnly_/ {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$jar"
  rm -f "$jar"
}
