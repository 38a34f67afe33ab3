# Loaded by the Python that runs moto_server for the tests' moto lane (MotoServer.java puts this folder on
# PYTHONPATH), before moto starts. moto's server handles requests on parallel threads without a lock, so
# concurrent conditional writes both win, ADD counters lose increments and transactions fail with
# "dictionary changed size during iteration". DynamoDB applies each write atomically and isolates transactions
# (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-isolation):
# one request at a time gives moto those guarantees without changing how it answers any single request.
import sys

import werkzeug.serving as _serving

_run_simple = _serving.run_simple


def _one_request_at_a_time(*args, **kwargs):
    kwargs["threaded"] = False
    return _run_simple(*args, **kwargs)


_serving.run_simple = _one_request_at_a_time
print("time-tracker: moto serves one request at a time", file=sys.stderr, flush=True)
