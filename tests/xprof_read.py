"""Reads a run's profiles with XProf's own converter (tests/profile.rs, tests/tpu_compile.rs).

Usage: python3 tests/xprof_read.py RUN_DIR

Turns every RUN_DIR/plugins/profile/*/*.xplane.pb into XProf's trace viewer data and prints one
JSON object: the tools XProf offers for it, and the trace's complete events as
{thread name ("" for unnamed threads): [event name, ...]}. Exits with status 3 and a message
when the `xprof` package is missing.
"""

import glob
import json
import os
import sys

try:
    from xprof.convert import raw_to_tool_data
except ImportError as error:
    print(f"the xprof package is missing ({error}); run `make python-tools`", file=sys.stderr)
    sys.exit(3)


def main(run_dir):
    paths = sorted(glob.glob(os.path.join(run_dir, "plugins", "profile", "*", "*.xplane.pb")))
    if not paths:
        sys.exit(f"no profile under {run_dir}/plugins/profile")
    tools = raw_to_tool_data.xspace_to_tool_names(paths)
    data, _ = raw_to_tool_data.xspace_to_tool_data(paths, "trace_viewer", {})
    if data is None:
        sys.exit("XProf could not make a trace viewer of the profile")
    events = [e for e in json.loads(data)["traceEvents"] if e]
    threads = {
        (e["pid"], e["tid"]): e["args"]["name"]
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name"
    }
    lines = {}
    for e in events:
        if e.get("ph") == "X":
            # XProf names no thread whose line has no name (libtpu's lines of unnamed threads).
            lines.setdefault(threads.get((e["pid"], e["tid"]), ""), []).append(e["name"])
    print(json.dumps({"paths": paths, "tools": tools, "lines": lines}, sort_keys=True))


if __name__ == "__main__":
    main(sys.argv[1])
