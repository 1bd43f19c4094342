// The client's own CPU per getPackage, network excluded: the client's fetch
// returns a prebuilt Response (the sandbox's answer) at once; beside it, what a
// raw caller pays for the same answer (Response.json()) and for new Request().
// Prints { bodyBytes, clientInstantUs, rawJsonUs, newRequestUs } (medians of 30 rounds of 200).
import { ResellersClient } from 'wix-resellers';
import { Sandbox } from 'wix-resellers/sandbox';
const ACCOUNT = '5e11e500-0000-4000-8000-000000000001';
const s = new Sandbox({});
const H = ['authorization','sandbox-reseller-key','wix-account-id',ACCOUNT,'content-type','application/json'];
const c = s.handleRaw('POST','http://x/resellers/v2/packages',H,new TextEncoder().encode(JSON.stringify({products:[{catalogProductId:'ca7a1090-0000-4000-8000-000000000101',countryCode:'BR',billingInfo:{type:'RECURRING',cycleDuration:{unit:'MONTH',count:1}}}]})));
const id = JSON.parse(new TextDecoder().decode(c.body)).package.id;
const g = s.handleRaw('GET',`http://x/resellers/v1/packages/${id}`,H,new Uint8Array());
const body = g.body.slice();
const hdr = { 'content-type': 'application/json', 'x-wix-request-id': 'r' };
let pre = [];
const client = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: ACCOUNT, baseUrl: 'http://127.0.0.1:1', fetch: () => Promise.resolve(pre.pop()) });
const N = 200, R = 30;
const med = (v) => v.sort((a,b)=>a-b)[v.length>>1];
const tc = [], tr = [], tq = [];
for (let r = 0; r < R; r++) {
  pre = Array.from({length:N}, () => new Response(body.slice(), { status: 200, headers: hdr }));
  let t0 = performance.now();
  for (let i = 0; i < N; i++) await client.getPackage(id);
  tc.push((performance.now() - t0) / N * 1000);
  pre = Array.from({length:N}, () => new Response(body.slice(), { status: 200, headers: hdr }));
  t0 = performance.now();
  for (let i = 0; i < N; i++) { const res = pre.pop(); await res.json(); }
  tr.push((performance.now() - t0) / N * 1000);
  t0 = performance.now();
  for (let i = 0; i < N; i++) { new Request(`http://127.0.0.1:1/resellers/v1/packages/${id}`, { headers: { authorization: 'k', 'wix-account-id': ACCOUNT, accept: 'application/json' } }); }
  tq.push((performance.now() - t0) / N * 1000);
}
console.log(JSON.stringify({ bodyBytes: body.length, clientInstantUs: med(tc), rawJsonUs: med(tr), newRequestUs: med(tq) }));
