"""Une application WSGI sans Django, pour bench/transport.py : elle ne fait que
rendre un corps déjà prêt, de TAILLE_DU_CORPS octets sur /corps/ et de 2 octets
ailleurs. Le corps est tiré au hasard (incompressible) : wrk ne décompresse rien,
seul compte le nombre d'octets à transmettre."""

import os
import random

CORPS = random.Random(2025).randbytes(int(os.environ.get("TAILLE_DU_CORPS", "466000")))


def application(environ, start_response):
    corps = CORPS if environ["PATH_INFO"] == "/corps/" else b"ok"
    start_response(
        "200 OK",
        [("Content-Type", "application/octet-stream"), ("Content-Length", str(len(corps)))],
    )
    return [corps]
