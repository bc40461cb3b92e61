"""The Scrapy side of bench/crawl: a spider that follows the same links
clinicdex follows (every same-site <a href>, robots.txt obeyed, depth
bounded) and counts the pages it received. Run by bench/crawl with Debian's
python3-scrapy; the requests reach the benchmark's nginx through
http_proxy, as the sample hosts exist nowhere else."""
import json
from urllib.parse import urlsplit

from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import CrawlSpider, Rule


class BenchSpider(CrawlSpider):
    name = "bench"
    rules = (Rule(LinkExtractor(), callback="count", follow=True),)

    def __init__(self, seeds=None, out=None, *args, **kwargs):
        with open(seeds) as f:
            self.start_urls = [line.strip() for line in f if line.strip()]
        self.allowed_domains = sorted({urlsplit(u).hostname for u in self.start_urls})
        self.out = out
        self.pages = 0
        super().__init__(*args, **kwargs)

    def parse_start_url(self, response):
        return self.count(response)

    def count(self, response):
        self.pages += 1
        return []

    def closed(self, reason):
        with open(self.out, "w") as f:
            json.dump({"pages": self.pages, "reason": reason}, f)
