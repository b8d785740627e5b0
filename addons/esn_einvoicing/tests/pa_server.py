"""A plateforme agréée on 127.0.0.1 speaking what the suite calls of the AFNOR XP Z12-013 API
(OAuth2 client credentials, flows, directory, health checks): it records what it receives and
answers what the test scripts. The real platforms are not reachable from the tests."""

import json
import threading
import uuid
from datetime import UTC, timedelta

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response


class LocalPlatform:
    client_id = "esn-client"
    client_secret = "esn-secret"

    def __init__(self, clock):
        # the platform's own clock: each flow it stores or delivers is one second later
        self.clock = clock.replace(tzinfo=UTC)
        self.tokens = set()
        self.token_requests = 0
        self.down = False
        self.lose_next_answer = False
        self.directory = {}
        self.flows = []
        self.server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    # ------------------------------------------------------------------ scripting

    def reset(self):
        """Up, answering, with an empty directory and no flow (its tokens stay valid)."""
        self.down = False
        self.lose_next_answer = False
        self.directory = {}
        self.flows = []

    def register(self, siren):
        self.directory[siren] = [
            {"addressingIdentifier": siren, "siren": siren, "directoryLineStatus": "Enabled"}
        ]

    def deposited(self):
        return [flow for flow in self.flows if flow["flowDirection"] == "Out"]

    def deliver(self, flow_type, syntax, name, content):
        """A flow for the company: a supplier invoice or a status of one of its invoices."""
        return self._store("In", flow_type, syntax, name, content)

    def _store(self, direction, flow_type, syntax, name, content, rule=None):
        self.clock += timedelta(seconds=1)
        stamp = self.clock.isoformat(timespec="milliseconds").replace("+00:00", "Z")
        flow = {
            "flowId": str(uuid.uuid4()),
            "flowDirection": direction,
            "flowType": flow_type,
            "flowSyntax": syntax,
            "processingRule": rule,
            "name": name,
            "submittedAt": stamp,
            "updatedAt": stamp,
            "content": content,
        }
        self.flows.append(flow)
        return flow

    # ------------------------------------------------------------------ the API

    @Request.application
    def _app(self, request):
        if self.down:
            return _json({"error": "temporarily_unavailable", "errorCode": "UNAVAILABLE"}, 503)
        if request.path == "/oauth2/token":
            return self._token(request)
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return _json({"errorCode": "UNAUTHORIZED", "errorMessage": "invalid token"}, 401)
        return self._route(request)

    def _route(self, request):
        path = request.path
        if path.endswith("/healthcheck"):
            return Response("OK")
        if path == "/afnor-flow/v1/flows" and request.method == "POST":
            return self._receive(request)
        handlers = {
            "/afnor-directory/v1/directory-line/search": self._directory,
            "/afnor-flow/v1/flows/search": self._search,
        }
        if path in handlers:
            return handlers[path](request)
        if path.startswith("/afnor-flow/v1/flows/"):
            return self._flow(request, path.rsplit("/", 1)[1])
        return _json({"errorCode": "NOT_FOUND", "errorMessage": path}, 404)

    def _directory(self, request):
        lines = self.directory.get(request.get_json()["filters"]["siren"]["value"], [])
        if not lines:
            return Response(status=204)
        return _json({"results": lines, "totalNumberOfResults": len(lines)})

    def _flow(self, request, flow_id):
        flow = next((flow for flow in self.flows if flow["flowId"] == flow_id), None)
        if not flow:
            return _json({"errorCode": "NOT_FOUND", "errorMessage": "no such flow"}, 404)
        if request.args.get("docType") == "Original":
            return Response(flow["content"], mimetype="application/octet-stream")
        return _json(_metadata(flow))

    def _token(self, request):
        auth = request.authorization
        client = (
            (auth.username, auth.password)
            if auth
            else (request.form.get("client_id"), request.form.get("client_secret"))
        )
        if client != (self.client_id, self.client_secret):
            return _json(
                {"error": "invalid_client", "error_description": "unknown client or wrong secret"}, 401
            )
        token = uuid.uuid4().hex
        self.tokens.add(token)
        return _json({"access_token": token, "token_type": "Bearer", "expires_in": 3600})

    def _receive(self, request):
        info = json.loads(request.form["flowInfo"])
        upload = request.files["file"]
        flow = self._store(
            "Out", None, info["flowSyntax"], info["name"], upload.read(), info.get("processingRule")
        )
        if self.lose_next_answer:
            # stored, but the answer never reaches the caller
            self.lose_next_answer = False
            return _json({"errorCode": "INTERNAL", "errorMessage": "gateway timeout"}, 504)
        return _json(_metadata(flow), 202)

    def _search(self, request):
        where = request.get_json()["where"]
        after = where["updatedAfter"]
        found = [
            _metadata(flow)
            for flow in self.flows
            if flow["updatedAt"] > after
            and flow["flowDirection"] in where.get("flowDirection", ["In", "Out"])
            and (not where.get("flowType") or flow["flowType"] in where["flowType"])
        ]
        return _json({"results": found[:100]})


def _metadata(flow):
    return {key: value for key, value in flow.items() if key != "content" and value is not None}


def _json(values, status=200):
    return Response(json.dumps(values), status=status, mimetype="application/json")
