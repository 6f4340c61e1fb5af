"""A regime backend written with python-socketio 5 and aiohttp, as an integrator would write one.

It speaks the widget's contract: REST under /api (regime, history, health, with CORS for the given
origins) and Socket.IO at /socket.io, where `subscribe` is acknowledged with {"ok": true} and answered
with the key's current `regime`, and every subscribed key gets a new one every --tick-ms.

--namespace picks where the protocol is served: /signals (the widget's default) or / only, as many
backends do, in which case python-socketio refuses /signals with its own words ("Unable to connect").
--refuse makes the namespace's connect handler refuse every client with that message, as an
authentication check does.

It listens on a free loopback port, prints {"port": N} on one line once it accepts connections, and
stops on SIGTERM or when its standard input closes (the test that started it is gone).
"""

import argparse
import asyncio
import json
import math
import re
import signal
import socket
import sys
import threading
import time

import socketio
from aiohttp import web

SYMBOL = re.compile(r"^[A-Za-z0-9._:/-]{1,32}$")
TIMEFRAME = re.compile(r"^([1-9][0-9]{0,3})([smhdwM])$")
SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"}
UNIT_MS = {"s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000, "w": 604_800_000, "M": 2_592_000_000}
HISTORY_CAP = 1000


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--namespace", default="/signals", choices=["/signals", "/"])
    parser.add_argument("--cors-origin", action="append", default=[], help="an allowed browser origin")
    parser.add_argument("--tick-ms", type=int, default=1000)
    parser.add_argument("--refuse", help="refuse every connection to the namespace with this message")
    return parser.parse_args()


def key_error(symbol, timeframe):
    """The contract's error for a query or subscription, or None when the key is served."""
    if not isinstance(symbol, str) or not SYMBOL.match(symbol):
        return 400, "bad_request", "symbol is not a symbol"
    if not isinstance(timeframe, str) or not TIMEFRAME.match(timeframe):
        return 400, "bad_request", "timeframe is not a timeframe"
    if symbol not in SYMBOLS:
        return 404, "not_found", f"unknown symbol {symbol}"
    return None


def reading(symbol, timeframe, step, at_ms):
    """A deterministic regime reading of a key at one step of its clock."""
    phase = (sum(map(ord, symbol + timeframe)) % 17) + step / 7
    adx = round(30 + 20 * math.sin(phase), 1)
    atr_pct = round(0.01 + 0.005 * (1 + math.cos(phase / 2)), 4)
    if adx < 20:
        regime = "range"
    elif atr_pct > 0.0185:
        regime = "volatile"
    else:
        regime = "trend_up" if math.cos(phase) > 0 else "trend_down"
    return {"regime": regime, "adx": adx, "atrPct": atr_pct, "timestamp": at_ms}


def timeframe_ms(timeframe):
    count, unit = TIMEFRAME.match(timeframe).groups()
    return int(count) * UNIT_MS[unit]


class Market:
    """The current reading of every key asked for, one step further at every tick."""

    def __init__(self):
        self.steps = {}

    def current(self, symbol, timeframe):
        step = self.steps.setdefault((symbol, timeframe), 0)
        return {"symbol": symbol, "timeframe": timeframe, **reading(symbol, timeframe, step, now_ms())}

    def advance(self, symbol, timeframe):
        self.steps[(symbol, timeframe)] = self.steps.get((symbol, timeframe), 0) + 1
        return self.current(symbol, timeframe)

    def history(self, symbol, timeframe, limit):
        step = self.steps.get((symbol, timeframe), 0)
        spacing = timeframe_ms(timeframe)
        end = now_ms()
        return [
            reading(symbol, timeframe, step - back, end - back * spacing)
            for back in range(limit - 1, -1, -1)
        ]


def now_ms():
    return int(time.time() * 1000)


def rest_app(market, origins):
    def answer(request, status, body):
        headers = {}
        origin = request.headers.get("Origin")
        if origin in origins:
            headers = {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
        return web.json_response(body, status=status, headers=headers)

    def error(request, status, code, message):
        return answer(request, status, {"error": {"code": code, "message": message}})

    async def regime(request):
        symbol, timeframe = request.query.get("symbol"), request.query.get("timeframe")
        problem = key_error(symbol, timeframe)
        if problem:
            return error(request, *problem)
        return answer(request, 200, market.current(symbol, timeframe))

    async def history(request):
        symbol, timeframe = request.query.get("symbol"), request.query.get("timeframe")
        problem = key_error(symbol, timeframe)
        if problem:
            return error(request, *problem)
        limit = request.query.get("limit", "120")
        if not limit.isdigit() or not 1 <= int(limit) <= HISTORY_CAP:
            return error(request, 400, "bad_request", f"limit must be from 1 to {HISTORY_CAP}")
        points = market.history(symbol, timeframe, int(limit))
        return answer(request, 200, {"symbol": symbol, "timeframe": timeframe, "points": points})

    async def health(request):
        return answer(request, 200, {"status": "ok", "server": "python-socketio"})

    app = web.Application()
    app.router.add_get("/api/regime", regime)
    app.router.add_get("/api/regime/history", history)
    app.router.add_get("/api/health", health)
    return app


def signals(sio, market, namespace, refuse):
    subscribers = {}

    @sio.on("connect", namespace=namespace)
    async def connect(sid, environ, auth=None):
        if refuse:
            raise socketio.exceptions.ConnectionRefusedError(refuse)

    @sio.on("disconnect", namespace=namespace)
    async def disconnect(sid):
        for sids in subscribers.values():
            sids.discard(sid)

    @sio.on("subscribe", namespace=namespace)
    async def subscribe(sid, key=None):
        key = key if isinstance(key, dict) else {}
        symbol, timeframe = key.get("symbol"), key.get("timeframe")
        problem = key_error(symbol, timeframe)
        if problem:
            _status, code, message = problem
            return {"ok": False, "error": {"code": code, "message": message}}
        subscribers.setdefault((symbol, timeframe), set()).add(sid)
        # After the acknowledgement, as the contract orders them.
        update = market.current(symbol, timeframe)
        asyncio.get_running_loop().call_soon(
            lambda: asyncio.ensure_future(sio.emit("regime", update, to=sid, namespace=namespace))
        )
        return {"ok": True}

    @sio.on("unsubscribe", namespace=namespace)
    async def unsubscribe(sid, key=None):
        key = key if isinstance(key, dict) else {}
        subscribers.get((key.get("symbol"), key.get("timeframe")), set()).discard(sid)

    async def tick(interval_s):
        while True:
            await asyncio.sleep(interval_s)
            for (symbol, timeframe), sids in list(subscribers.items()):
                if not sids:
                    continue
                update = market.advance(symbol, timeframe)
                for sid in list(sids):
                    await sio.emit("regime", update, to=sid, namespace=namespace)

    return tick


def stop_when_stdin_closes(loop, stop):
    def wait():
        while sys.stdin.buffer.read(4096):
            pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait, daemon=True).start()


async def main():
    args = parse_args()
    market = Market()
    sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins=args.cors_origin)
    tick = signals(sio, market, args.namespace, args.refuse)
    app = rest_app(market, set(args.cors_origin))
    sio.attach(app, socketio_path="socket.io")

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    runner = web.AppRunner(app, handle_signals=False)
    await runner.setup()
    # A long-poll still open when it stops holds it at most this long.
    await web.SockSite(runner, listener, shutdown_timeout=1.0).start()

    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    stop_when_stdin_closes(loop, stop)
    ticker = asyncio.ensure_future(tick(args.tick_ms / 1000))
    print(json.dumps({"port": listener.getsockname()[1]}), flush=True)
    await stop.wait()
    ticker.cancel()
    # Open WebSockets would keep aiohttp waiting for their handlers to end.
    if sio.eio.sockets:
        await sio.eio.disconnect()
    await runner.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
