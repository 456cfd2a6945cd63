"""Which user agents are robots: the `crawler-user-agents` list (the patterns the COUNTER
community and many repositories share, maintained on GitHub and released on PyPI; pinned in
requirements.txt), plus an empty or absent user agent, which no browser sends."""

from functools import lru_cache

import crawleruseragents

# Script clients the list leaves out on purpose (it lists crawlers, not HTTP libraries).
EXTRA_MARKERS = ("python-requests", "python-urllib", "curl/", "wget/", "httpclient", "okhttp")


@lru_cache(maxsize=4096)
def is_robot(user_agent):
    """True for a known robot, crawler, link previewer or script client (cached per agent:
    a site sees few distinct agents, and the combined pattern costs ~0.1 ms to run)."""
    if not user_agent.strip():
        return True
    lowered = user_agent.lower()
    if any(marker in lowered for marker in EXTRA_MARKERS):
        return True
    return crawleruseragents.is_crawler(user_agent)
