"""An open-loop HTTP driver: requests leave at a fixed rate, whether or not earlier ones are back.

wrk2 is not installed and wrk is a closed loop (a slow answer delays the next request, which
hides the tail). Here request n is due at start + n / rate and its latency counts from that due
time, so time spent waiting behind a slow server is in the figure (no coordinated omission).
Each request is a fresh loopback connection (`Connection: close`), as a burst of applicants'
browsers would be; asyncio keeps every outstanding one open at once.

    from bench.http.openloop import run, percentile
    results = run(port=8300, rate=20, duration=10, request=lambda n: (b"GET", "/healthz", {}, b""))
"""

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

Request = tuple[str, str, dict[str, str], bytes]  # method, path, headers, body


@dataclass
class Result:
    n: int
    status: int  # 0: no answer (refused, reset or timed out)
    latency: float  # seconds from the due time to the last byte
    error: str = ""


async def _one(port: int, request: Request, timeout: float) -> tuple[int, str]:
    method, path, headers, body = request
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body:
            lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    status_line = raw.split(b"\r\n", 1)[0].decode("latin-1")
    parts = status_line.split(" ")
    return (int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0), ""


async def _run(
    port: int, rate: float, duration: float, make: Callable[[int], Request], timeout: float
) -> list[Result]:
    total = int(rate * duration)
    start = time.perf_counter() + 0.05
    results: list[Result] = []

    async def fire(n: int) -> None:
        due = start + n / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        try:
            status, error = await _one(port, make(n), timeout)
        except (OSError, TimeoutError) as exc:
            status, error = 0, type(exc).__name__
        results.append(Result(n, status, time.perf_counter() - due, error))

    await asyncio.gather(*(fire(n) for n in range(total)))
    return sorted(results, key=lambda r: r.n)


def run(
    *,
    port: int,
    rate: float,
    duration: float,
    request: Callable[[int], Request],
    timeout: float = 30.0,
) -> list[Result]:
    """`rate` requests a second for `duration` seconds; request(n) builds the n-th request."""
    return asyncio.run(_run(port, rate, duration, request, timeout))


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share 0.95 for p95) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(-(-share * len(ordered) // 1)))  # ceil without math
    return ordered[min(rank, len(ordered)) - 1]


def summary(results: list[Result]) -> dict:
    """Counts by status and the latency percentiles in milliseconds (answered requests only)."""
    answered = [r.latency * 1000 for r in results if r.status]
    by_status: dict[str, int] = {}
    for r in results:
        by_status[str(r.status)] = by_status.get(str(r.status), 0) + 1
    return {
        "requests": len(results),
        "statuses": by_status,
        "p50_ms": round(percentile(answered, 0.50), 1) if answered else None,
        "p95_ms": round(percentile(answered, 0.95), 1) if answered else None,
        "p99_ms": round(percentile(answered, 0.99), 1) if answered else None,
        "max_ms": round(max(answered), 1) if answered else None,
    }
