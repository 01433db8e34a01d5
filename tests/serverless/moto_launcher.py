"""Start moto's server with what MDT's deploy rehearsal needs and moto 5.2.5 lacks
(tests/serverless/moto_extensions.py). Test harness only.

    python -m tests.serverless.moto_launcher -H 127.0.0.1 -p 5000
"""

import sys

from moto.server import main as moto_main

from tests.serverless.moto_extensions import register

if __name__ == "__main__":
    register()
    sys.exit(moto_main(sys.argv[1:]))
