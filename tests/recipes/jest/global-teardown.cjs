// close() also ends the idle keep-alive sockets, so jest exits on its own
// and --detectOpenHandles has nothing to report.
module.exports = () => globalThis.__WIX_SANDBOX__.close();
