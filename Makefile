# Aliases for the two commands of the README (dev.py needs only Python, make is optional).
.PHONY: run test
run:
	python3 dev.py run
test:
	python3 dev.py test
