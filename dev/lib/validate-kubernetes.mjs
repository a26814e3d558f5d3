// The checks of dev/validate-kubernetes (which installs the two npm packages this needs and runs it):
//   node dev/lib/validate-kubernetes.mjs MANIFEST_DIR MODULES_DIR REPOSITORY_ROOT
// 1. every object of MANIFEST_DIR/kustomization.yaml's resources against the Kubernetes OpenAPI schema of its kind
//    (npm kubernetes-models: the schemas compiled for ajv; they do not reject unknown fields, so 2. asks for each
//    field that matters by name);
// 2. the invariants that keep the silos working there: probes on the silo's real health routes and its HTTP port,
//    a grace period that covers the silo's drain and stop (src/Bss.Silo/Health/ShutdownDrain.cs), the
//    PodDisruptionBudget, Service and autoscaler aimed at the Deployment's pods, every variable compose.yml gives the
//    silo plus what Orleans' Kubernetes hosting reads, secrets only from a Secret, RBAC for the hosting package.
// Prints "kubernetes: FAIL: ..." per problem and exits 1, or "kubernetes: ok ..." and exits 0.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [manifestDir, modulesDir, root] = process.argv.slice(2);
if (!manifestDir || !modulesDir || !root) {
    console.error('usage: node dev/lib/validate-kubernetes.mjs MANIFEST_DIR MODULES_DIR REPOSITORY_ROOT');
    process.exit(2);
}

const YAML = createRequire(path.join(modulesDir, 'noop.js'))('yaml');
const problems = [];
const fail = (message) => problems.push(message);

function parseAll(file) {
    const docs = YAML.parseAllDocuments(readFileSync(file, 'utf8'));
    const objects = [];
    for (const doc of docs) {
        for (const error of [...doc.errors, ...doc.warnings]) {
            fail(`${path.basename(file)}: ${error.message}`);
        }
        const value = doc.toJS();
        if (value !== null && value !== undefined) {
            objects.push({ file: path.basename(file), value });
        }
    }
    return objects;
}

// ---- 1. schemas
const kustomizationFile = path.join(manifestDir, 'kustomization.yaml');
if (!existsSync(kustomizationFile)) {
    console.log(`kubernetes: FAIL: ${kustomizationFile} not found`);
    process.exit(1);
}
const kustomization = parseAll(kustomizationFile)[0]?.value ?? {};
if (kustomization.kind !== 'Kustomization' || !Array.isArray(kustomization.resources)) {
    fail('kustomization.yaml: not a Kustomization with resources');
}
const objects = [];
for (const resource of kustomization.resources ?? []) {
    const file = path.join(manifestDir, resource);
    if (!existsSync(file)) {
        fail(`kustomization.yaml names ${resource}, which does not exist`);
        continue;
    }
    objects.push(...parseAll(file));
}

/** The kubernetes-models module of an apiVersion and kind: apps/v1 Deployment -> apps/v1/Deployment.js, v1 Service -> v1/Service.js. */
function modelFile(apiVersion, kind) {
    return path.join(modulesDir, 'kubernetes-models', ...String(apiVersion).split('/'), `${kind}.js`);
}

for (const { file, value } of objects) {
    const where = `${file}: ${value.kind ?? '?'} ${value.metadata?.name ?? '?'}`;
    const model = modelFile(value.apiVersion, value.kind);
    if (!value.apiVersion || !value.kind || !existsSync(model)) {
        fail(`${where}: no schema for apiVersion ${value.apiVersion} kind ${value.kind}`);
        continue;
    }
    const Model = (await import(pathToFileURL(model).href))[value.kind];
    try {
        new Model(value).validate();
    } catch (error) {
        fail(`${where}: ${error.message}`);
    }
}

// ---- 2. invariants
const all = (kind) => objects.map((o) => o.value).filter((o) => o.kind === kind);
const one = (kind) => {
    const found = all(kind);
    if (found.length !== 1) {
        fail(`expected one ${kind}, found ${found.length}`);
    }
    return found[0];
};
const contains = (labels, selector) =>
    Object.entries(selector ?? {}).length > 0 && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

const deployment = one('Deployment');
const podLabels = deployment?.spec?.template?.metadata?.labels ?? {};
const podSpec = deployment?.spec?.template?.spec ?? {};
const container = podSpec.containers?.[0] ?? {};
const env = container.env ?? [];
const envByName = new Map(env.map((e) => [e.name, e]));

if (deployment) {
    if (!contains(podLabels, deployment.spec?.selector?.matchLabels)) {
        fail('Deployment: selector.matchLabels does not match the pod template labels');
    }
    if (deployment.spec?.strategy?.rollingUpdate?.maxUnavailable !== 0) {
        fail('Deployment: rollingUpdate.maxUnavailable must be 0 (a new silo is ready before an old one stops)');
    }
    if ((podSpec.containers ?? []).length !== 1) {
        fail('Deployment: expected one container (the silo)');
    }
}

// Probes: the routes the silo maps, on the port its HTTP server listens on.
const healthSource = readFileSync(path.join(root, 'src/Bss.Silo/Health/HealthChecks.cs'), 'utf8');
const httpPort = Number((envByName.get('ASPNETCORE_URLS')?.value ?? '').match(/:(\d+)\s*$/)?.[1]);
const portNumber = (port) => (typeof port === 'number' ? port : (container.ports ?? []).find((p) => p.name === port)?.containerPort);
for (const [probe, route] of [['readinessProbe', '/health/ready'], ['livenessProbe', '/health/live'], ['startupProbe', '/health/live']]) {
    const get = container[probe]?.httpGet;
    if (!get) {
        fail(`Deployment: the silo container has no ${probe} with httpGet`);
        continue;
    }
    if (get.path !== route) {
        fail(`Deployment: ${probe} asks ${get.path}, expected ${route}`);
    }
    if (!healthSource.includes(`MapHealthChecks("${get.path}"`)) {
        fail(`Deployment: ${probe} asks ${get.path}, which src/Bss.Silo/Health/HealthChecks.cs does not map`);
    }
    if (portNumber(get.port) === undefined || portNumber(get.port) !== httpPort) {
        fail(`Deployment: ${probe} port ${get.port} is not the silo's HTTP port (ASPNETCORE_URLS: ${httpPort})`);
    }
}

// Grace period >= DrainDelay + StopTimeout: the deployment's settings, else the defaults in ShutdownDrain.cs.
const shutdownSource = readFileSync(path.join(root, 'src/Bss.Silo/Health/ShutdownDrain.cs'), 'utf8');
function defaultSeconds(property) {
    const match = shutdownSource.match(new RegExp(`TimeSpan ${property} \\{ get; set; \\} = TimeSpan\\.From(Seconds|Milliseconds)\\((\\d+)\\)`));
    if (!match) {
        fail(`ShutdownDrain.cs: cannot read the default of ShutdownOptions.${property}`);
        return NaN;
    }
    return Number(match[2]) / (match[1] === 'Milliseconds' ? 1000 : 1);
}
function timeSpanSeconds(text) {
    const match = String(text).match(/^(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)$/);
    if (!match) {
        fail(`Deployment: '${text}' is not a TimeSpan (hh:mm:ss)`);
        return NaN;
    }
    return Number(match[1] ?? 0) * 86400 + Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
}
const shutdownSeconds = (property) => {
    const value = envByName.get(`Bss__Shutdown__${property}`)?.value;
    return value === undefined ? defaultSeconds(property) : timeSpanSeconds(value);
};
const bound = shutdownSeconds('DrainDelay') + shutdownSeconds('StopTimeout');
const grace = podSpec.terminationGracePeriodSeconds;
if (!(typeof grace === 'number' && grace >= bound)) {
    fail(`Deployment: terminationGracePeriodSeconds ${grace} is below the silo's DrainDelay + StopTimeout (${bound} s): Kubernetes would SIGKILL a silo still stopping`);
}
if (!container.resources?.requests?.cpu) {
    fail('Deployment: the silo container requests no CPU, which the CPU autoscaler measures against');
}

// The environment: everything compose.yml gives the silo, and what Orleans' Kubernetes hosting reads.
const compose = YAML.parse(readFileSync(path.join(root, 'compose.yml'), 'utf8'));
const composeEnv = compose?.services?.silo?.environment ?? {};
const composeNames = Array.isArray(composeEnv) ? composeEnv.map((e) => e.split('=')[0]) : Object.keys(composeEnv);
if (composeNames.length === 0) {
    fail('compose.yml: no silo service environment to compare with');
}
for (const name of [...composeNames, 'POD_NAME', 'POD_NAMESPACE', 'POD_IP', 'ORLEANS_SERVICE_ID', 'ORLEANS_CLUSTER_ID']) {
    if (!envByName.has(name)) {
        fail(`Deployment: the silo container does not set ${name}${composeNames.includes(name) ? ' (compose.yml does)' : ' (Orleans Kubernetes hosting reads it)'}`);
    }
}
for (const [variable, label, setting] of [['ORLEANS_SERVICE_ID', 'orleans/serviceId', 'Orleans__ServiceId'], ['ORLEANS_CLUSTER_ID', 'orleans/clusterId', 'Orleans__ClusterId']]) {
    const fieldPath = envByName.get(variable)?.valueFrom?.fieldRef?.fieldPath;
    if (fieldPath !== `metadata.labels['${label}']`) {
        fail(`Deployment: ${variable} should come from the pod label ${label} (fieldRef), not ${fieldPath ?? 'a literal'}`);
    }
    if (!podLabels[label] || podLabels[label] !== envByName.get(setting)?.value) {
        fail(`Deployment: pod label ${label} (${podLabels[label]}) differs from ${setting} (${envByName.get(setting)?.value})`);
    }
}
const podField = { POD_NAME: 'metadata.name', POD_NAMESPACE: 'metadata.namespace', POD_IP: 'status.podIP' };
for (const [variable, fieldPath] of Object.entries(podField)) {
    if (envByName.has(variable) && envByName.get(variable)?.valueFrom?.fieldRef?.fieldPath !== fieldPath) {
        fail(`Deployment: ${variable} should come from the pod's ${fieldPath}`);
    }
}

// Secrets: no Secret in the manifests, secret-looking variables only from a Secret, connection strings only with
// references to them, and every $(VAR) defined above its use (Kubernetes leaves an unknown reference as it is).
for (const secret of all('Secret')) {
    fail(`Secret ${secret.metadata?.name}: secrets do not belong in the manifests (README.md: kubectl create secret)`);
}
const fromSecret = new Set(env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name));
env.forEach((entry, index) => {
    const defined = new Set(env.slice(0, index).map((e) => e.name));
    if (/password|secret|token/i.test(entry.name) && !entry.valueFrom?.secretKeyRef) {
        fail(`Deployment: ${entry.name} must come from a Secret (secretKeyRef), not a literal`);
    }
    const value = entry.value ?? '';
    for (const [, reference] of value.matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
        if (!defined.has(reference)) {
            fail(`Deployment: ${entry.name} refers to $(${reference}), which is not defined above it`);
        }
    }
    for (const [, secretValue] of value.matchAll(/password=([^;,]*)/gi)) {
        const reference = secretValue.match(/^\$\(([A-Za-z0-9_]+)\)$/)?.[1];
        if (!reference || !fromSecret.has(reference)) {
            fail(`Deployment: ${entry.name} holds a password that is not a $(VAR) from a Secret`);
        }
    }
});
for (const reference of env.filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.valueFrom.secretKeyRef)) {
    if (!reference.name || !reference.key) {
        fail('Deployment: a secretKeyRef without name and key');
    }
}

// Service, PodDisruptionBudget and autoscaler aim at the Deployment's pods.
const service = one('Service');
if (service && !contains(podLabels, service.spec?.selector)) {
    fail('Service: selector does not match the Deployment pod labels');
}
if (service && !(service.spec?.ports ?? []).some((p) => portNumber(p.targetPort) === httpPort)) {
    fail("Service: no port targets the silo's HTTP port");
}
const pdb = one('PodDisruptionBudget');
if (pdb && !contains(podLabels, pdb.spec?.selector?.matchLabels)) {
    fail('PodDisruptionBudget: selector does not match the Deployment pod labels');
}
if (pdb && pdb.spec?.maxUnavailable === undefined && pdb.spec?.minAvailable === undefined) {
    fail('PodDisruptionBudget: neither maxUnavailable nor minAvailable');
}
const hpa = one('HorizontalPodAutoscaler');
if (hpa) {
    const target = hpa.spec?.scaleTargetRef ?? {};
    if (target.kind !== 'Deployment' || target.name !== deployment?.metadata?.name) {
        fail(`HorizontalPodAutoscaler: scales ${target.kind} ${target.name}, not the Deployment ${deployment?.metadata?.name}`);
    }
    if (!(hpa.spec?.metrics ?? []).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) {
        fail('HorizontalPodAutoscaler: no CPU metric');
    }
    if (!(hpa.spec?.minReplicas >= 2)) {
        fail('HorizontalPodAutoscaler: minReplicas below 2 leaves no silo to take over during a restart');
    }
}

// RBAC for Microsoft.Orleans.Hosting.Kubernetes: its pod (get, patch labels), the cluster's pods (list, watch),
// defunct silos' pods (delete), bound to the Deployment's service account.
const account = podSpec.serviceAccountName;
if (!account || !all('ServiceAccount').some((a) => a.metadata?.name === account)) {
    fail(`Deployment: serviceAccountName ${account} names no ServiceAccount of the manifests`);
}
const binding = all('RoleBinding').find((b) => (b.subjects ?? []).some((s) => s.kind === 'ServiceAccount' && s.name === account));
const role = binding && all('Role').find((r) => r.metadata?.name === binding.roleRef?.name && binding.roleRef?.kind === 'Role');
if (!role) {
    fail(`RBAC: no RoleBinding gives the service account ${account} a Role of the manifests`);
} else {
    const granted = new Set((role.rules ?? [])
        .filter((r) => (r.apiGroups ?? []).includes('') && (r.resources ?? []).includes('pods'))
        .flatMap((r) => r.verbs ?? []));
    const missing = ['get', 'list', 'watch', 'patch', 'delete'].filter((v) => !granted.has(v) && !granted.has('*'));
    if (missing.length > 0) {
        fail(`RBAC: Role ${role.metadata.name} does not grant pods ${missing.join(', ')} (Orleans Kubernetes hosting needs them)`);
    }
}

// The silo turns the hosting on from the setting the Deployment sets.
const hostingSource = readFileSync(path.join(root, 'src/Bss.Silo/KubernetesHosting.cs'), 'utf8');
const setting = hostingSource.match(/Setting = "([^"]+)"/)?.[1];
if (!setting || envByName.get(setting.replaceAll(':', '__'))?.value !== 'true') {
    fail(`Deployment: ${setting?.replaceAll(':', '__') ?? 'the Kubernetes hosting setting'} is not "true"`);
}

if (problems.length > 0) {
    for (const problem of problems) {
        console.log(`kubernetes: FAIL: ${problem}`);
    }
    process.exit(1);
}
const kinds = objects.map((o) => o.value.kind).join(', ');
console.log(`kubernetes: ok (${objects.length} objects valid against their schemas: ${kinds}; grace ${grace} s >= drain + stop ${bound} s)`);
