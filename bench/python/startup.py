"""The original service's cold-start floor: starting Python and importing what its Lambdas import
(boto3, twilio, openai), before any handler code runs. Median of N spawns, with peak RSS.

    python startup.py --python bench/.venv/bin/python --runs 10
"""

import argparse
import json
import statistics
import subprocess
import time

REPORT = "import sys; print([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1])"
CASES = {
    "python_bare": "pass",
    "python_imports": "import boto3, openai, twilio.rest; from twilio.request_validator import RequestValidator",
}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--python", required=True)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    subprocess.run([args.python, "-c", CASES["python_imports"]], check=True)  # compile .pyc files first
    result = {}
    for name, code in CASES.items():
        times, peaks = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            output = subprocess.run([args.python, "-c", code + "\n" + REPORT], check=True, capture_output=True, text=True)
            times.append((time.perf_counter() - start) * 1000)
            peaks.append(int(output.stdout.strip()) / 1024)
        result[name] = {"median_ms": round(statistics.median(times), 2), "min_ms": round(min(times), 2),
                        "max_ms": round(max(times), 2), "hwm_mb": round(statistics.median(peaks), 1)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
