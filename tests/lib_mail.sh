# lib_mail.sh: the real SMTP server the mail tests deliver to: Debian's
# python3-aiosmtpd on loopback (tests/tools/smtp_sink.py), each message
# written to a folder as it arrived. Source after tests/lib.sh; uses $PY
# (python3) and $T_DIR.

# wait_file FILE: up to 20 s for FILE to exist and hold something.
wait_file(){
  i=0
  while [ ! -s "$1" ] && [ $i -lt 200 ]; do sleep 0.1; i=$((i+1)); done
  [ -s "$1" ]
}

# start_sink DIR [ARGS...]: start the SMTP sink writing to DIR (ARGS go to
# smtp_sink.py: --reject ADDRESS, --delay S); sets SINK_PID and SINK_PORT.
# Fails when it does not listen within 20 s.
start_sink(){
  sink_dir=$1; shift
  rm -f "$T_DIR/sink.port"
  "${PY:-/usr/bin/python3}" tests/tools/smtp_sink.py --dir "$sink_dir" --port-file "$T_DIR/sink.port" "$@" 2>"$T_DIR/sink.err" &
  SINK_PID=$!
  wait_file "$T_DIR/sink.port" && SINK_PORT=$(cat "$T_DIR/sink.port")
}

# stop_sink: stop it and wait for it.
stop_sink(){ kill "$SINK_PID" 2>/dev/null; wait "$SINK_PID" 2>/dev/null; SINK_PID=""; }
