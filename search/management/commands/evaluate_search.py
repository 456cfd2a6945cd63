"""Print hit@5 per query category and backend, and precision@10, on the evaluation set."""

import uuid

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from search import evaluation
from search.backends.elasticsearch import index as es_index
from search.conf import elasticsearch_enabled
from search.documents import get_client
from search.indexer import drain
from search.service import get_search_service


class Command(BaseCommand):
    help = (
        "Publish the evaluation lessons (search/evaluation/) in a transaction that is rolled "
        "back, index them (Elasticsearch: throwaway indices) and print hit@5 per category "
        "and backend, hit@1 and precision@10. --baseline: words as typed, strict pass only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch", "both"], default="both"
        )
        parser.add_argument(
            "--set",
            dest="query_set",
            choices=sorted(evaluation.SETS),
            default="main",
            help="main: the set the repair was built on; holdout: one never tuned against",
        )
        parser.add_argument("--baseline", action="store_true")
        parser.add_argument("--misses", action="store_true", help="list the queries missed")

    def handle(self, backend, query_set, baseline, misses, **options):
        backends = ["database", "elasticsearch"] if backend == "both" else [backend]
        if "elasticsearch" in backends and not elasticsearch_enabled():
            self.stderr.write("ELASTICSEARCH_URL is not set: database only.")
            backends = ["database"]
        prefix = settings.ELASTICSEARCH_INDEX_PREFIX
        if "elasticsearch" in backends:
            settings.ELASTICSEARCH_INDEX_PREFIX = f"hlmeval-{uuid.uuid4().hex[:8]}-"
            es_index.invalidate_check()
            es_index.ready_indices(get_client(), create_missing=True)
        try:
            with transaction.atomic():
                ids = evaluation.publish_lessons(query_set)
                drain(force=True)
                if "elasticsearch" in backends:
                    get_client().indices.refresh(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*")
                for name in backends:
                    service = get_search_service(name, repair=not baseline)
                    self.report(name, evaluation.evaluate(service, ids, query_set), misses)
                transaction.set_rollback(True)
        finally:
            if "elasticsearch" in backends:
                client = get_client()
                names = list(client.indices.get(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}*"))
                if names:
                    client.indices.delete(index=",".join(names), ignore_unavailable=True)
                settings.ELASTICSEARCH_INDEX_PREFIX = prefix
                es_index.invalidate_check()

    def report(self, backend, scores, misses):
        self.stdout.write(f"\n{backend}: category  hit@5  hit@1  precision@10  (queries)")
        all_hits = all_total = 0
        precisions = []
        for category, score in scores.items():
            all_hits += score.hits
            all_total += score.total
            precisions += score.precision
            self.stdout.write(
                f"  {category:20s} {score.hit_rate:6.0%} {score.top1 / score.total:6.0%} "
                f"{score.mean_precision:8.2f}  ({score.total})"
            )
            if misses and score.misses:
                self.stdout.write("      missed: " + " | ".join(score.misses))
        mean_precision = sum(precisions) / len(precisions) if precisions else 0
        self.stdout.write(
            f"  {'all':20s} {all_hits / all_total:6.0%} {'':6s} {mean_precision:8.2f}  "
            f"({all_total})"
        )
