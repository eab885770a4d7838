"""Driving an FTMS treadmill: control, targets, pause and resume, over any GATT link.

The run calls `step`, `pause`, `resume` and `finish` and returns at once:
each only queues a command. One writer task sends them in order, each write
followed by the machine's 0x80 indication (or a timeout) before the next, as
FTMS requires. So the timer never waits for Bluetooth, and a slow or absent
treadmill changes nothing but what the screen says.

Faults are notices, never exceptions: a refusal, a timeout or a dropped link
is one line for the screen; the link is brought back in the background and
the workout goes on with the targets shown on screen.

Safety: a speed is never above `max_speed_kmh` nor an incline above
`max_incline_pct`, whatever the plan or the machine's range says; the belt
starts only with a step's target speed already set; a speed the runner sets
or incline the runner sets on the console wins until the next step;
stopping with the console's button or the safety key pauses the timer, and
only the runner resumes it; finishing or quitting never starts a stopped belt.

A link that comes back mid-step gets control again and the step's speed and
incline (but not what the runner overrode on the console in this step), and
the belt is started only if the run is not paused.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link import DeviceError, GattLink, connect_and_set_up
from kicktimer.devices.odometer import Odometer
from kicktimer.devices.settings import TreadmillSettings


@dataclass(frozen=True)
class _Dial:
    """A target the runner can also set on the console, as its Machine Status value reads.

    `scale` status units make one `unit` (0.01 km/h, 0.1 %); `step` is the
    machine's increment when it gave no range; a change closer than half the
    increment, or than `least`, to a value kicktimer sent is that value's echo.
    """

    name: str
    unit: str
    scale: int
    step: int
    least: int


_DIALS: dict[int, _Dial] = {
    codec.StatusOp.TARGET_SPEED_CHANGED: _Dial("speed", "km/h", scale=100, step=10, least=3),
    codec.StatusOp.TARGET_INCLINE_CHANGED: _Dial("incline", "%", scale=10, step=1, least=1),
}
_ECHOED = tuple(_DIALS)
SILENCE_S = 5.0
"""No Treadmill Data for this long means the link is gone even if no disconnection was reported."""


@dataclass
class BeltFigures:
    """What the belt says now, for the screen and the laps."""

    connected: bool = False
    controllable: bool = False
    has_control: bool = False
    speed_kmh: float | None = None
    incline_pct: float | None = None
    target_kmh: float | None = None
    target_incline_pct: float | None = None
    console_override_kmh: float | None = None
    console_override_incline_pct: float | None = None
    machine_stopped: str | None = None
    finished: bool = False

    @property
    def controlling(self) -> bool:
        """kicktimer sets the belt now: connected, in control, not overridden on the console."""
        return (
            self.connected
            and self.has_control
            and not self.overridden
            and self.machine_stopped is None
            and not self.finished
        )

    @property
    def overridden(self) -> bool:
        """The runner changed the speed or the incline on the console in this step."""
        return self.console_override_kmh is not None or self.console_override_incline_pct is not None


Connect = Callable[[], Awaitable[GattLink]]


@dataclass
class _Command:
    kind: Literal["step", "resync", "pause", "resume", "finish", "fence"]
    speed_kmh: float | None = None
    incline_pct: float | None = None
    done: asyncio.Future[None] | None = field(default=None, repr=False)


class Treadmill:
    """One treadmill for one run: keeps the link, follows the plan's targets, reports the belt."""

    def __init__(
        self,
        connect: Connect,
        settings: TreadmillSettings,
        *,
        now: Callable[[], float],
        notify: Callable[[str], None],
        on_stopped: Callable[[str], None] = lambda why: None,
        on_reading: Callable[[], None] = lambda: None,
        name: str = "Treadmill",
    ) -> None:
        self._connect = connect
        self.settings = settings
        self._now = now
        self._notify = notify
        self._on_stopped = on_stopped
        self._on_reading = on_reading
        self.name = name
        self.figures = BeltFigures()
        self.odometer = Odometer(source=settings.distance)
        self._link: GattLink | None = None
        self._speed_range: codec.Range | None = None
        self._incline_range: codec.Range | None = None
        self._features: codec.Features | None = None
        self._joiner = codec.TreadmillRecordJoiner()
        self._commands: asyncio.Queue[_Command] = asyncio.Queue()
        self._pending_steps = 0
        self._answer: tuple[int, asyncio.Future[codec.ControlResponse]] | None = None
        self._control_point = asyncio.Lock()
        """Held for one command and its answer (and the Request Control before it): the set-up's
        Request Control and the writer's commands never overlap (0xFE, or pairing twice)."""
        self._have_control = self.figures.has_control = False
        self._started = False
        self._paused = False
        self._want_speed: int | None = None
        self._want_incline: int | None = None
        self._sent_speed: int | None = None
        self._sent_incline: int | None = None
        self._echoes: dict[int, deque[int]] = {op: deque(maxlen=3) for op in _ECHOED}
        self._queued = 0
        self._arrived = asyncio.Event()
        self._last_write_at: float | None = None
        self._reached = asyncio.Event()
        self._lost = asyncio.Event()
        self._said: set[str] = set()
        self._silence: asyncio.TimerHandle | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.connected_once = asyncio.Event()
        self._step_targets: tuple[float | None, float | None] | None = None
        self._finishing: asyncio.Future[None] | None = None

    # ---- what the run calls (never waits) ---------------------------------------------

    def start(self) -> None:
        """Connect in the background and start following commands."""
        loop = asyncio.get_running_loop()
        self._tasks = [loop.create_task(self._keep_link()), loop.create_task(self._write_commands())]

    def step(self, speed_kmh: float | None, incline_pct: float | None) -> None:
        """A step started: its target speed and incline (None: leave as is)."""
        self._step_targets = (speed_kmh, incline_pct)
        self._finishing = None
        self._pending_steps += 1
        self._queue(_Command("step", speed_kmh, incline_pct))

    def pause(self) -> None:
        self._queue(_Command("pause"))

    def resume(self) -> None:
        self._queue(_Command("resume"))

    def _queue(self, command: _Command) -> None:
        """Queue a command; a hold for a ramping belt (`hold_while_ramping`) gives way to it at once."""
        if command.kind != "fence":
            self._queued += 1
            self._arrived.set()
        self._commands.put_nowait(command)

    def finish(self) -> asyncio.Future[None]:
        """Slow the belt to walking or stop it (the `finish` setting); the future is done when sent."""
        if self._finishing is not None:
            return self._finishing
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._finishing = done
        self._queue(_Command("finish", done=done))
        return done

    async def idle(self) -> None:
        """Done when every command queued so far has been sent (or refused)."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._commands.put_nowait(_Command("fence", done=done))
        await done

    async def close(self, timeout: float = 3.0) -> None:
        """Send the finish (if not sent), then drop the link and stop the tasks."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.finish(), timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._silence is not None:
            self._silence.cancel()
        link, self._link = self._link, None
        if link is not None:
            await link.disconnect()

    # ---- the link ---------------------------------------------------------------------

    def _say(self, text: str, *, once: str | None = None) -> None:
        key = once or text
        if key in self._said:
            return
        self._said.add(key)
        self._notify(text)

    async def _keep_link(self) -> None:
        """Connect, and connect again whenever the link drops, with a growing pause between tries."""
        while True:
            await connect_and_set_up(
                self._connect,
                self._set_up,
                name=self.name,
                notify=self._notify,
                reconnecting=self.connected_once.is_set(),
            )
            if self._step_targets is not None:
                self._queue(_Command("resync"))  # mid-step: the step's targets again, on the new link
            self.connected_once.set()
            await self._lost.wait()
            self._lost.clear()

    async def _set_up(self, link: GattLink) -> None:
        self._lost.clear()
        link.on_disconnect(self._link_lost)
        if not link.has(codec.TREADMILL_DATA):
            raise DeviceError("the device has no Treadmill Data: is it a treadmill?")
        if link.has(codec.FTMS_FEATURE):
            self._features = codec.parse_features(await link.read(codec.FTMS_FEATURE))
        if link.has(codec.SUPPORTED_SPEED_RANGE):
            self._speed_range = codec.parse_speed_range(await link.read(codec.SUPPORTED_SPEED_RANGE))
        if link.has(codec.SUPPORTED_INCLINATION_RANGE):
            self._incline_range = codec.parse_inclination_range(
                await link.read(codec.SUPPORTED_INCLINATION_RANGE)
            )
        await link.subscribe(codec.TREADMILL_DATA, self._on_data)
        if link.has(codec.FTMS_MACHINE_STATUS):
            await link.subscribe(codec.FTMS_MACHINE_STATUS, self._on_status)
        controllable = link.has(codec.FTMS_CONTROL_POINT)
        if controllable:
            await link.subscribe(codec.FTMS_CONTROL_POINT, self._on_indication)
        self._link = link
        self._have_control = self.figures.has_control = False
        self._started = False
        self._sent_speed = self._sent_incline = None  # a new link: the machine may have forgotten them
        self.figures.connected = True
        self.figures.controllable = controllable
        self._hear_from_belt()
        if controllable:
            async with self._control_point:
                await self._take_control()

    def _link_lost(self) -> None:
        if self._link is None:
            return
        self._link = None
        self._have_control = self.figures.has_control = False
        self.figures.connected = False
        self.odometer.link_lost()
        self._joiner = codec.TreadmillRecordJoiner()
        if self._silence is not None:
            self._silence.cancel()
        if self._answer is not None and not self._answer[1].done():
            self._answer[1].set_exception(DeviceError("link lost"))
        self._notify(f"{self.name} disconnected: timing goes on; reconnecting in the background")
        self._lost.set()
        self._on_reading()

    def _hear_from_belt(self) -> None:
        """(Re)arm the silence watchdog: a link that stops talking is a lost link."""
        if self._silence is not None:
            self._silence.cancel()
        self._silence = asyncio.get_running_loop().call_later(SILENCE_S, self._went_silent)

    def _went_silent(self) -> None:
        link = self._link
        self._link_lost()
        if link is not None:
            asyncio.get_running_loop().create_task(link.disconnect())

    # ---- what the machine sends ----------------------------------------------------------

    def _on_data(self, data: bytes) -> None:
        self._hear_from_belt()  # even a packet kicktimer cannot read says the link is there
        part = codec.parse_treadmill_data(data, mph=self.settings.mph)
        if part is None:
            self._say(
                f"{self.name} sent a Treadmill Data packet kicktimer cannot read; ignored", once="bad data"
            )
            return
        record = self._joiner.feed(part)
        if record is None:
            return
        figures = self.figures
        figures.speed_kmh = record.speed_kmh
        if record.incline_pct is not None:
            figures.incline_pct = record.incline_pct
        self.odometer.reading(self._now(), record.speed_kmh, record.total_distance_m)
        sent = self._sent_speed
        if record.speed_kmh is not None and sent is not None and abs(record.speed_kmh - sent / 100) < 0.15:
            self._reached.set()  # the belt is at the last speed sent (not the next one, still held)
        self._on_reading()

    def _on_status(self, data: bytes) -> None:
        status = codec.parse_machine_status(data, mph=self.settings.mph)
        if status is None:
            return
        op = status.op
        if op in (codec.StatusOp.STOPPED_BY_USER, codec.StatusOp.STOPPED_BY_SAFETY_KEY):
            why = "the safety key" if op == codec.StatusOp.STOPPED_BY_SAFETY_KEY else "the console"
            self.figures.machine_stopped = why
            self._started = False
            self._notify(f"Belt stopped by {why}: the timer is paused")
            self._on_stopped(why)
        elif op == codec.StatusOp.STARTED_BY_USER:
            self.figures.machine_stopped = None
            self._started = True
        elif op in _ECHOED and status.value is not None:
            self._console_override(op, status.value)
        elif op == codec.StatusOp.CONTROL_PERMISSION_LOST:
            self._have_control = self.figures.has_control = False
        self._on_reading()

    def _console_override(self, op: int, value: int) -> None:
        """A target speed or incline changed on the console: it stands until the next step.

        Only a change that is the runner's doing counts, not the echo of what
        kicktimer sent (`_Dial`), only once kicktimer has set that target in
        this step, and only the first change.
        """
        dial = _DIALS[op]
        figures = self.figures
        speed = op == codec.StatusOp.TARGET_SPEED_CHANGED
        already = figures.console_override_kmh if speed else figures.console_override_incline_pct
        sent = self._sent_speed if speed else self._sent_incline
        known = self._speed_range if speed else self._incline_range
        if already is not None or sent is None:
            return
        tolerance = max(dial.least, (known.increment if known is not None else dial.step) / 2)
        if any(abs(value - ours) < tolerance for ours in (sent, *self._echoes[op])):
            return
        console = value / dial.scale
        if speed:
            figures.console_override_kmh = figures.target_kmh = console
        else:
            figures.console_override_incline_pct = figures.target_incline_pct = console
        told = f"Console {dial.name} {console:.1f} {dial.unit}"
        self._notify(f"{told}: kicktimer leaves the belt alone until the next step")

    def _on_indication(self, data: bytes) -> None:
        response = codec.parse_control_response(data)
        if response is None or self._answer is None:
            return
        op, future = self._answer
        if response.request_op == op and not future.done():
            future.set_result(response)

    # ---- the writer -------------------------------------------------------------------------

    async def _write_commands(self) -> None:
        while True:
            command = await self._commands.get()
            if command.kind != "fence":
                self._queued -= 1
            if command.kind == "step":
                self._pending_steps -= 1
                if self._pending_steps > 0:
                    continue  # a newer step is queued: its targets are the ones that matter
            try:
                await self._carry_out(command)
            except DeviceError as error:
                self._say(f"{self.name}: {error}")
            finally:
                if command.done is not None and not command.done.done():
                    command.done.set_result(None)

    async def _carry_out(self, command: _Command) -> None:
        figures = self.figures
        if command.kind == "step":
            figures.console_override_kmh = figures.console_override_incline_pct = None
            figures.finished = False
            self._want(command.speed_kmh, command.incline_pct)
            await self._sync(start=not self._paused, fresh=True)
        elif command.kind == "resync":
            if self._pending_steps == 0 and not figures.finished:
                await self._sync(start=not self._paused and figures.machine_stopped is None)
        elif command.kind == "pause":
            self._paused = True
            if figures.machine_stopped is None and self._moving():
                await self._send(codec.stop_pause(codec.PAUSE))
                self._started = False
        elif command.kind == "resume":
            self._paused = False
            if figures.machine_stopped is not None:
                figures.machine_stopped = None
                self._started = False  # stopped on the console, whatever a start in flight said
            await self._sync(start=True)
        elif command.kind == "finish":
            await self._finish()

    async def _finish(self) -> None:
        """Walk or stop a moving belt (the `finish` setting); a belt already stopped stays stopped."""
        figures = self.figures
        figures.console_override_kmh = figures.console_override_incline_pct = None
        self._paused = False
        if figures.machine_stopped is None and self._moving():
            if self.settings.finish == "stop" or self._want_speed is None:
                await self._send(codec.stop_pause(codec.STOP))
                self._started = False
            else:
                self._want(self.settings.walk_speed_kmh, 0.0)
                await self._sync(start=False)
        figures.finished = True

    def _moving(self) -> bool:
        """kicktimer started the belt, or it reports a speed (the runner started it on the console)."""
        return self._started or (self.figures.speed_kmh or 0.0) > 0.5

    def _want(self, speed_kmh: float | None, incline_pct: float | None) -> None:
        """A step's targets, fitted to the machine under the safety caps (None: leave as is)."""
        figures, settings = self.figures, self.settings
        self._want_speed = self._want_incline = None
        if speed_kmh is not None:
            self._want_speed = codec.fit_speed(
                speed_kmh, speed_range=self._speed_range, max_kmh=settings.max_speed_kmh
            )
            figures.target_kmh = self._want_speed / 100
        if incline_pct is not None:
            self._want_incline = codec.fit_incline(
                incline_pct,
                incline_range=self._incline_range,
                max_pct=settings.max_incline_pct,
                step_pct=settings.incline_step_pct,
            )
            figures.target_incline_pct = self._want_incline / 10

    async def _sync(self, *, start: bool, fresh: bool = False) -> None:
        """Send the step's targets the machine does not have yet (not those the console overrode).

        `fresh` (a step start) sends the incline again and the speed again
        before starting a belt; `start` starts a belt that is not running.
        """
        figures, settings = self.figures, self.settings
        if self._link is None or not figures.controllable:
            return
        speed = self._want_speed if figures.console_override_kmh is None else None
        incline = self._want_incline if figures.console_override_incline_pct is None else None
        if speed is not None and (speed != self._sent_speed or (fresh and not self._started)):
            if settings.hold_while_ramping and self._started and not await self._ramped():
                return  # a newer command came while the belt ramped: it goes first
            payload = codec.set_target_speed(codec.kmh_to_wire(speed / 100, mph=settings.mph))
            if await self._sent(codec.StatusOp.TARGET_SPEED_CHANGED, speed, payload):
                self._reached.clear()
        if (
            incline is not None
            and (fresh or incline != self._sent_incline)
            and (self._features is None or self._features.incline_target)
        ):
            payload = codec.set_target_inclination(incline)
            await self._sent(codec.StatusOp.TARGET_INCLINE_CHANGED, incline, payload)
        if start and self._want_speed is not None and not self._started:
            self._started = await self._send(codec.start_resume())

    async def _sent(self, op: int, value: int, payload: bytes) -> bool:
        """Send a target; remember it (before the write: the machine's status echo may come first)."""
        speed = op == codec.StatusOp.TARGET_SPEED_CHANGED
        earlier = self._sent_speed if speed else self._sent_incline
        if earlier is not None:
            self._echoes[op].append(earlier)  # an echo of the last one may still be on its way
        if speed:
            self._sent_speed = value
        else:
            self._sent_incline = value
        if await self._send(payload):
            return True
        if speed:
            self._sent_speed = earlier
        else:
            self._sent_incline = earlier
        return False

    async def _ramped(self) -> bool:
        """`hold_while_ramping`: wait (at most `ramp_hold_s`) for the belt to reach the last speed sent.

        False when a newer command (a pause, the next step, the finish) came
        meanwhile: it is never held behind a ramp.
        """
        if self._queued:
            return False
        if self._reached.is_set():
            return True
        self._arrived.clear()
        waits = [asyncio.ensure_future(self._reached.wait()), asyncio.ensure_future(self._arrived.wait())]
        try:
            await asyncio.wait(waits, timeout=self.settings.ramp_hold_s, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for wait in waits:
                wait.cancel()
        return self._queued == 0

    async def _take_control(self) -> bool:
        response = await self._exchange(codec.request_control())
        self._have_control = self.figures.has_control = response is not None and response.ok
        if response is not None and not response.ok:
            self._say(f"{self.name} refused control ({response.describe()}): follow the targets on screen")
        return self._have_control

    async def _send(self, payload: bytes) -> bool:
        """One control-point command, with control taken first when needed; True if it succeeded."""
        async with self._control_point:
            return await self._send_now(payload)

    async def _send_now(self, payload: bytes) -> bool:
        wants_control = self.settings.control_every_write or not self._have_control
        if wants_control and not await self._take_control():
            return False
        response = await self._exchange(payload)
        if response is not None and response.result == codec.Result.CONTROL_NOT_PERMITTED:
            self._have_control = self.figures.has_control = False
            if await self._take_control():
                response = await self._exchange(payload)
        if response is None:
            return False
        if not response.ok:
            what = codec.Op(payload[0]).name.replace("_", " ").lower()
            self._say(f"{self.name} refused {what}: {response.describe()}")
            return False
        return True

    async def _exchange(self, payload: bytes) -> codec.ControlResponse | None:
        """Write, then wait for the matching indication; None (and one notice) on a timeout or refusal."""
        link = self._link
        if link is None:
            return None
        loop = asyncio.get_running_loop()
        gap = self.settings.write_gap_s
        if gap and self._last_write_at is not None and (wait := self._last_write_at + gap - loop.time()) > 0:
            await asyncio.sleep(wait)
        answer: asyncio.Future[codec.ControlResponse] = loop.create_future()
        self._answer = (payload[0], answer)
        try:
            await link.write(codec.FTMS_CONTROL_POINT, payload)
            self._last_write_at = loop.time()
            return await asyncio.wait_for(answer, self.settings.answer_timeout_s)
        except TimeoutError:
            self._say(f"{self.name} did not answer a command in time", once="timeout")
            return None
        except DeviceError as error:
            if self._link is not None:
                self._say(f"{self.name} refused a command: {error}", once=f"att {error.att_error}")
            return None
        finally:
            self._answer = None
            if answer.done() and not answer.cancelled():
                answer.exception()  # a link lost after the write failed: already said, not "never retrieved"
            else:
                answer.cancel()
