"""Helpers for testing code that uses evolink_images: a virtual clock that makes polling and retries instant.

Example::

    from evolink_images.testing import VirtualClock

    clock = VirtualClock()
    client = EvoLink(api_key="test", http_client=httpx.Client(transport=my_mock), clock=clock)
    client.wait("task-...")      # returns at once; clock.sleeps lists the waits it would have made
"""

from ._clock import Clock, SystemClock, VirtualClock

__all__ = ["Clock", "SystemClock", "VirtualClock"]
