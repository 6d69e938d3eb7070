# dzlearn developer tasks. `make help` lists them. Run scripts/setup.sh --test first (or ./test.sh).

PYTHON ?= .venv/bin/python
DIST   ?= dist
BUNDLE := $(DIST)/dzlearn

.PHONY: help test test-fast crash guide bundle smoke-bundle test-bundle usb clean-bundle

help:
	@echo "make test          the whole test suite"
	@echo "make test-fast     everything except tests marked slow"
	@echo "make crash         the storage crash and media suites (200 SIGKILLs, full disk)"
	@echo "make guide         rebuild docs/facilitator-guide/facilitator-guide.html"
	@echo "make bundle        PyInstaller one-folder bundle into $(BUNDLE) (needs .[bundle])"
	@echo "make smoke-bundle  start $(BUNDLE) offscreen from its own folder"
	@echo "make test-bundle   build into a temp folder and run tests/packaging/test_bundle.py"
	@echo "make usb TARGET=E:/  lay out a stick from $(BUNDLE) (PACKS='a.dzpack b.dzpack')"

test:
	$(PYTHON) -m pytest -q

test-fast:
	$(PYTHON) -m pytest -q -m "not slow"

crash:
	$(PYTHON) -m pytest -q -s tests/storage/test_storage_crash.py \
		tests/storage/test_storage_crash_many.py tests/storage/test_storage_medium.py

guide:
	$(PYTHON) docs/facilitator-guide/build_html.py

bundle:
	$(PYTHON) -c "import PyInstaller" 2>/dev/null || $(PYTHON) -m pip install -q "pyinstaller>=6"
	$(PYTHON) packaging/build.py --dist $(DIST) --work build/pyinstaller

smoke-bundle:
	$(PYTHON) packaging/build.py --dist $(DIST) --no-build --smoke

test-bundle:
	$(PYTHON) -c "import PyInstaller" 2>/dev/null || $(PYTHON) -m pip install -q "pyinstaller>=6"
	DZLEARN_BUILD_BUNDLE=1 $(PYTHON) -m pytest -q -s tests/packaging/test_bundle.py

usb:
	@test -n "$(TARGET)" || { echo "usage: make usb TARGET=/media/stick [PACKS='x.dzpack']"; exit 2; }
	.venv/bin/dzlearn usb prepare "$(TARGET)" --bundle $(BUNDLE) $(if $(PACKS),--packs $(PACKS))

clean-bundle:
	rm -rf build/pyinstaller $(BUNDLE)
