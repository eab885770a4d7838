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
on the console wins until the next step; stopping with the console's button
or the safety key pauses the timer, and only the runner resumes it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.link import DeviceError, GattLink
from kicktimer.devices.odometer import Odometer
from kicktimer.devices.settings import TreadmillSettings

RECONNECT_DELAYS_S = (1.0, 2.0, 4.0, 8.0)
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
    machine_stopped: str | None = None
    finished: bool = False

    @property
    def controlling(self) -> bool:
        """kicktimer sets the belt now: connected, in control, not overridden on the console."""
        return (
            self.connected
            and self.has_control
            and self.console_override_kmh is None
            and self.machine_stopped is None
            and not self.finished
        )


Connect = Callable[[], Awaitable[GattLink]]


@dataclass
class _Command:
    kind: Literal["step", "pause", "resume", "finish", "fence"]
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
        self._have_control = self.figures.has_control = False
        self._started = False
        self._sent_speed: int | None = None
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
        self._commands.put_nowait(_Command("step", speed_kmh, incline_pct))

    def pause(self) -> None:
        self._commands.put_nowait(_Command("pause"))

    def resume(self) -> None:
        self._commands.put_nowait(_Command("resume"))

    def finish(self) -> asyncio.Future[None]:
        """Slow the belt to walking or stop it (the `finish` setting); the future is done when sent."""
        if self._finishing is not None:
            return self._finishing
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._finishing = done
        self._commands.put_nowait(_Command("finish", done=done))
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
        failures = 0
        while True:
            try:
                link = await self._connect()
                await self._set_up(link)
            except DeviceError as error:
                if failures == 0:
                    self._say(f"{self.name}: {error}", once="connect")
                await asyncio.sleep(RECONNECT_DELAYS_S[min(failures, len(RECONNECT_DELAYS_S) - 1)])
                failures += 1
                continue
            if self.connected_once.is_set():
                self._notify(f"{self.name} reconnected")
            else:
                if failures:
                    self._notify(f"{self.name} connected")
                if self._step_targets is not None and not self._started:
                    self.step(*self._step_targets)  # a step began before the belt was there: its targets now
            failures = 0
            self._said.discard("connect")
            self.connected_once.set()
            await self._lost.wait()
            self._lost.clear()

    async def _set_up(self, link: GattLink) -> None:
        self._lost.clear()
        link.on_disconnect(self._link_lost)
        if not link.has(codec.TREADMILL_DATA):
            await link.disconnect()
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
        self.figures.connected = True
        self.figures.controllable = controllable
        self._hear_from_belt()
        if controllable:
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
        part = codec.parse_treadmill_data(data, mph=self.settings.mph)
        if part is None:
            self._say(
                f"{self.name} sent a Treadmill Data packet kicktimer cannot read; ignored", once="bad data"
            )
            return
        self._hear_from_belt()
        record = self._joiner.feed(part)
        if record is None:
            return
        figures = self.figures
        figures.speed_kmh = record.speed_kmh
        if record.incline_pct is not None:
            figures.incline_pct = record.incline_pct
        self.odometer.reading(self._now(), record.speed_kmh, record.total_distance_m)
        if (
            record.speed_kmh is not None
            and figures.target_kmh is not None
            and abs(record.speed_kmh - figures.target_kmh) < 0.15
        ):
            self._reached.set()
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
        elif op == codec.StatusOp.TARGET_SPEED_CHANGED and status.value is not None:
            sent = self._sent_speed
            step = self._speed_range.increment if self._speed_range is not None else 10
            if (
                sent is not None
                and abs(status.value - sent) > step
                and self.figures.console_override_kmh is None
            ):
                self.figures.console_override_kmh = status.value / 100
                self.figures.target_kmh = status.value / 100
                console = status.value / 100
                self._notify(
                    f"Console speed {console:.1f} km/h: kicktimer leaves the belt alone until the next step"
                )
        elif op == codec.StatusOp.CONTROL_PERMISSION_LOST:
            self._have_control = self.figures.has_control = False
        self._on_reading()

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
            figures.console_override_kmh = None
            figures.finished = False
            await self._apply_step(command.speed_kmh, command.incline_pct)
        elif command.kind == "pause":
            if figures.machine_stopped is None and self._started:
                await self._send(codec.stop_pause(codec.PAUSE))
                self._started = False
        elif command.kind == "resume":
            stopped_on_console = figures.machine_stopped is not None
            figures.machine_stopped = None
            wanted = figures.target_kmh is not None and (stopped_on_console or not self._started)
            if wanted and await self._send(codec.start_resume()):
                self._started = True
        elif command.kind == "finish":
            if self.settings.finish == "stop" or figures.target_kmh is None:
                if self._started:
                    await self._send(codec.stop_pause(codec.STOP))
                self._started = False
            else:
                await self._apply_step(self.settings.walk_speed_kmh, 0.0)
            figures.finished = True

    async def _apply_step(self, speed_kmh: float | None, incline_pct: float | None) -> None:
        figures, settings = self.figures, self.settings
        if speed_kmh is not None:
            centi = codec.fit_speed(speed_kmh, speed_range=self._speed_range, max_kmh=settings.max_speed_kmh)
            figures.target_kmh = centi / 100
        if incline_pct is not None:
            deci = codec.fit_incline(
                incline_pct,
                incline_range=self._incline_range,
                max_pct=settings.max_incline_pct,
                step_pct=settings.incline_step_pct,
            )
            figures.target_incline_pct = deci / 10
        if self._link is None or not figures.controllable:
            return
        if speed_kmh is not None:
            if settings.hold_while_ramping and self._started and self._sent_speed is not None:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._reached.wait(), 10.0)
            wire = codec.kmh_to_wire(centi / 100, mph=settings.mph)
            if self._sent_speed != centi or not self._started:
                earlier, self._sent_speed = self._sent_speed, centi  # before the write: its own 0x05 echo
                if await self._send(codec.set_target_speed(wire)):
                    self._reached.clear()
                else:
                    self._sent_speed = earlier
        if incline_pct is not None and (self._features is None or self._features.incline_target):
            await self._send(codec.set_target_inclination(deci))
        if figures.target_kmh is not None and not self._started and await self._send(codec.start_resume()):
            self._started = True

    async def _take_control(self) -> bool:
        response = await self._exchange(codec.request_control())
        self._have_control = self.figures.has_control = response is not None and response.ok
        if response is not None and not response.ok:
            self._say(f"{self.name} refused control ({response.describe()}): follow the targets on screen")
        return self._have_control

    async def _send(self, payload: bytes) -> bool:
        """One control-point command, with control taken first when needed; True if it succeeded."""
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
