// A Next.js route handler (server side): the app's check, per request.
import { check } from '../../../../check.mjs';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json(await check(process.env.WIX_BASE_URL));
}
