"""Politeness in flight: at most ``limit`` requests to one host at a time, and a queue that keeps to it."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class HostLimits:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str, limit: int) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host, threading.BoundedSemaphore(limit))
        with semaphore:
            yield


class HostQueue:
    """Work spread over hosts: ``take`` hands out a URL only when its host has a free slot.

    Workers therefore never sit blocked behind one busy host while another is idle; hosts
    are served round-robin. ``limit(host)`` gives each host's number of slots.
    """

    def __init__(self, urls: list[str], host_of: Callable[[str], str], limit: Callable[[str], int]) -> None:
        self._pending: dict[str, deque[str]] = {}
        for url in urls:
            self._pending.setdefault(host_of(url), deque()).append(url)
        self._hosts = deque(self._pending)
        self._busy: dict[str, int] = dict.fromkeys(self._pending, 0)
        self._limit = {host: limit(host) for host in self._pending}
        self._ready = threading.Condition()

    def take(self) -> tuple[str, str] | None:
        """(host, url) to check next, waiting for a free slot; None when nothing is left."""
        with self._ready:
            while self._hosts:
                for _ in range(len(self._hosts)):
                    host = self._hosts[0]
                    self._hosts.rotate(-1)
                    if self._busy[host] < self._limit[host]:
                        self._busy[host] += 1
                        url = self._pending[host].popleft()
                        if not self._pending[host]:
                            self._hosts.remove(host)
                            if not self._hosts:
                                self._ready.notify_all()  # the others stop waiting: nothing is left
                        return host, url
                self._ready.wait()
            return None

    def done(self, host: str) -> None:
        with self._ready:
            self._busy[host] -= 1
            self._ready.notify_all()
