"""Load the knowledge index and the embedding model when the action server starts, not on the first question.

rasa-sdk imports every module of the `actions` package at start-up, so this runs before the server listens. Without
it the first policy question after a (re)start loads the model inside a request (about 20 s on 2 cores) and blocks
every other action meanwhile, so Rasa's calls time out and workers are asked to resend. While the server is loading,
Rasa gets "connection refused" at once and the gateway asks the worker to resend right away.

HUXIN_ACTIONS_WARMUP=0 skips it (e.g. to start an action server without an index).
"""

from __future__ import annotations

import logging
import time

from core.settings import settings

log = logging.getLogger(__name__)


def warm_up_extraction() -> None:
    """cases.extract reads names with jieba's word tags and places with cpca: both load their dictionaries on first
    use (~2 s here), which would otherwise delay the first complaint after a restart."""
    from cases.extract import extract

    started = time.perf_counter()
    extract("包工头赵大海在北京大兴欠我们九个人七万三")
    log.info("complaint extraction loaded in %.1f s", time.perf_counter() - started)


def warm_up() -> None:
    from knowledge.index import KnowledgeIndexError
    from knowledge.model import ModelUnavailable
    from knowledge.retrieve import get_retriever

    started = time.perf_counter()
    try:
        get_retriever().search("包工头跑了工资找谁要", k=1)
    except (KnowledgeIndexError, ModelUnavailable) as error:
        log.warning("knowledge not warmed up (answers will say so): %s", error)
        return
    log.info("knowledge index and embedding model loaded in %.1f s", time.perf_counter() - started)


if settings().actions_warmup:
    warm_up_extraction()
    warm_up()
