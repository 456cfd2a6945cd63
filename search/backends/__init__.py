"""Search backends behind `search.service.SearchService`: Elasticsearch and the database."""
