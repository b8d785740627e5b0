# The official Odoo 18 image with the Python packages the ESN suite's modules need.
FROM odoo:18
USER root
COPY requirements.txt /tmp/esn-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/esn-requirements.txt \
    && rm /tmp/esn-requirements.txt
USER odoo
