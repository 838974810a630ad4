# Les deux commandes du README : `make run` (portail de démonstration, SQLite,
# tâches dans le processus) et `make test` (suite complète sur PostgreSQL et Redis).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installe-runtime
TESTS := $(VENV)/.installe-tests
NODE := node_modules/.installe

# Les tests visent les services réels de la machine ; surchargeables pour isoler
# plusieurs suites qui tournent en même temps.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/brest_numerique
TEST_REDIS_URL ?= redis://127.0.0.1:6379/1
# Le bytecode compilé se garde, hors des sources, dans .venv/pycache : avec
# PYTHONDONTWRITEBYTECODE (posé par l'environnement de la machine), chaque worker
# recompilait à chaque session les modules qu'il importe (Wagtail, Faker,
# Hypothesis, Playwright…) et pytest réécrivait les assertions de chaque fichier de
# test : huit secondes de collecte par worker au lieu de deux. `make clean` l'efface.
PYCACHE_ENV := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache
TEST_ENV := DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) \
	SECRET_KEY=cle-de-test-uniquement-0123456789-abcdefghijklmnopqrstuvwxyz \
	ALLOWED_HOSTS=testserver,localhost,127.0.0.1 SECURE_SSL_REDIRECT=false \
	EMAIL_URL=console:// DEBUG=false $(PYCACHE_ENV)
# La suite en parallèle sur les deux cœurs (pytest-xdist). Chaque worker a sa base
# PostgreSQL (test_<nom>_gw0, _gw1, copies de test_<nom>_modele, migrée une seule
# fois : tests/base_modele.py) et sa base Redis : TEST_REDIS_URL pour gw0, la
# suivante pour gw1 (tests/conftest.py) ; base de départ + workers - 1 <= 15.
# --dist load (test par test) et non loadfile/loadscope/worksteal : lui seul garde,
# dans chaque worker, l'ordre de pytest-django (les tests transactionnels, qui vident
# la base, après ceux qui s'en servent). --maxschedchunk=1 : un worker n'a jamais
# que deux tests d'avance, aucun ne finit seul une longue file. Un worker tombé
# n'est pas remplacé : son remplaçant (gw2) sortirait de la plage de bases Redis.
# Pour un seul fichier : PYTEST_XDIST="-n 0".
PYTEST_XDIST ?= -n 2 --dist load --maxschedchunk=1 --max-worker-restart=0

.PHONY: run test lint migrations-a-jour bench bench-import serve lock navigateur java pango wrk clean

# Les dépendances s'installent avec uv (version figée dans requirements.lock, posée
# par le pip du venv) plutôt qu'avec pip : mêmes paquets, mêmes versions (la même
# contrainte requirements.lock), mais téléchargés en parallèle et liés depuis son
# cache au lieu d'être décompressés et compilés un à un. Sur une copie neuve du dépôt,
# l'installation des outils de test passe d'environ 60 s à une quinzaine.
UV_PIP := $(BIN)/uv pip install --quiet --python $(BIN)/python -c requirements.lock

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c requirements.lock uv

$(RUNTIME): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(UV_PIP) -e .
	touch $@

$(TESTS): pyproject.toml requirements.lock | $(VENV)/bin/python
	$(UV_PIP) -e ".[test]"
	touch $@ $(RUNTIME)

# Leaflet et son regroupement de marqueurs, depuis le registre npm.
$(NODE): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# `PORT=8100 make run` sert sur un autre port (les liens des courriels le suivent :
# SITE_URL en dérive) ; `DEBUG=true make run` montre les pages techniques de Django
# au lieu des pages d'erreur du portail.
run: $(RUNTIME) $(NODE) pango
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:$${PORT:-8000}

test:
	@$(PYTHON) tests/verifier_services.py $(TEST_DATABASE_URL) $(TEST_REDIS_URL)
	@$(MAKE) --no-print-directory $(TESTS) $(NODE) navigateur java pango
	@# Trois préparations indépendantes, menées ensemble sur les deux cœurs : sur une
	@# copie neuve, 24 s au lieu de 29 (collectstatic 17 s, makemigrations 11 s,
	@# compilation du bytecode comprise).
	@$(MAKE) --no-print-directory -j 2 --output-sync=target lint migrations-a-jour $(STATIQUES)
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_XDIST) $(PYTEST_ARGS)

# Aucun changement de modèle sans sa migration.
migrations-a-jour: $(TESTS)
	$(PYCACHE_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# collectstatic (17 s : empreintes et compression de quelque 1 500 fichiers) ne
# repasse que si ses sources ont changé : nos fichiers, Leaflet (npm), les paquets
# installés (Wagtail, allauth…) et les réglages. La marque vit dans STATIC_ROOT :
# effacer staticfiles/ fait tout repasser.
STATIQUES := staticfiles/.collectstatic-de-make-test
$(STATIQUES): $(shell find static -type f) brest_numerique/settings.py $(TESTS) $(NODE)
	$(TEST_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	touch $@

lint: $(TESTS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Chromium de Debian pour les tests dans le navigateur (Playwright ne peut pas
# télécharger le sien ici). Sans droits root, les tests concernés sont sautés.
navigateur:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "ATTENTION : Chromium absent (/usr/bin/chromium), les tests navigateur seront sautés."; fi; }

# Java pour le vérificateur HTML du W3C (vnu.jar, paquet npm vnu-jar), qui passe
# sur toutes les pages du portail (tests/portail/test_html_conforme.py).
java:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "ATTENTION : Java absent, le vérificateur HTML du W3C sera sauté."; fi; }

# Pango (et une police) pour WeasyPrint, qui met en page les récapitulatifs PDF des
# dossiers : bibliothèques de Debian, que pip ne sait pas installer. Sans elles,
# weasyprint ne s'importe pas et ces pages répondent 500.
pango:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0.so.0 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else echo "ATTENTION : Pango absent (paquets Debian libpango-1.0-0 et libpangoft2-1.0-0) : pas de récapitulatif PDF."; fi; }

wrk:
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

# Banc de charge (bench/README.md) : sa propre base et son propre numéro Redis, pour
# ne pas gêner une suite de tests lancée en même temps. Il n'a besoin que du runtime.
bench: BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bn_bench
bench: BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
bench: BENCH_ECHELLE ?= 10
bench: BENCH_ENV = BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_REDIS_URL=$(BENCH_REDIS_URL)
bench: $(TESTS) $(NODE) wrk
	@$(PYTHON) tests/verifier_services.py $(BENCH_DATABASE_URL) $(BENCH_REDIS_URL)
	$(BENCH_ENV) $(BIN)/python bench/generer.py --echelle $(BENCH_ECHELLE)
	$(BENCH_ENV) $(BIN)/python bench/charge.py $(BENCH_ARGS)

# `make serve` : la production sur cette machine, en HTTP sur 127.0.0.1. Chaque défaut
# cède à la variable d'environnement du même nom ; le fichier .env, si honcho en
# trouve un, l'emporte sur les deux.
SERVE_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/brest_numerique} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY=$${SECRET_KEY:-cle-locale-de-make-serve-0123456789-abcdefghijklmnopqrstuvwxyz} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$${PORT:-8000}} EMAIL_URL=$${EMAIL_URL:-console://} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false}
SERVE_RUN := $(SERVE_ENV) $(BIN)/honcho run

# Import de 20 000 lieux : importer_lieux contre l'import ligne à ligne de django-import-export.
# Avec le bytecode gardé (PYCACHE_ENV), comme sur un serveur où les paquets sont
# installés une fois : sinon chaque lancement de la commande recompilerait Django
# et Wagtail (4 s de démarrage au lieu de 2).
bench-import: $(TESTS)
	$(PYCACHE_ENV) $(BIN)/python bench/import_lieux.py $(BENCH_ARGS)

serve: $(RUNTIME) $(NODE)
	@$(SERVE_RUN) sh -c '$(PYTHON) tests/verifier_services.py "$$DATABASE_URL" "$$REDIS_URL"'
	@$(SERVE_RUN) sh -c 'psql "$$DATABASE_URL" -qAtc "SELECT 1" >/dev/null 2>&1 || createdb --maintenance-db="$${DATABASE_URL%/*}/postgres" "$${DATABASE_URL##*/}"'
	$(SERVE_RUN) $(BIN)/python manage.py migrate --noinput
	$(SERVE_RUN) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/honcho start -f Procfile -p $${PORT:-8000}

# uv figure dans le verrou (pip freeze le voit dans le venv) : c'est lui qui installe.
lock: | $(VENV)/bin/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/pip freeze --exclude-editable --exclude pip > requirements.lock

clean:
	rm -rf $(VENV) node_modules staticfiles brest_numerique.sqlite3
