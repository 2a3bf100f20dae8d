"""Run a Briefing Builder command in this process with its address space capped, so a memory
blow-up fails fast as MemoryError instead of eating the machine: `python limited_child.py MB
-- briefing-cli-args...`. Prints what the CLI prints, then its peak resident memory in MB as
the last line of stderr; exits with the CLI's status."""

from __future__ import annotations

import resource
import sys

if __name__ == "__main__":
    megabytes = int(sys.argv[1])
    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from briefing.cli import main

    status = main(sys.argv[3:])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak {peak}", file=sys.stderr)
    sys.exit(status)
