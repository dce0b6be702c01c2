/* eslint-disable @typescript-eslint/no-require-imports */
// One build for the add-in (taskpane.html, loaded by Excel through manifest.xml) and the
// playground (index.html: the same task panes over the in-browser fake workbook, for working without Excel).
const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const CustomFunctionsMetadataPlugin = require('custom-functions-metadata-plugin');
const { brandBase, rewriteOrigin } = require('./scripts/brand-origin.cjs');

const port = Number(process.env.PORT || 3000);
const https = process.env.LOTBOOK_HTTPS === '1';

module.exports = async (_env, argv) => {
  const dev = argv.mode !== 'production';
  // LOTBOOK_ORIGIN: where a brand serves dist/ (README, "Host Lotbook for your brand"); the dev server otherwise.
  const base = brandBase(process.env.LOTBOOK_ORIGIN);
  let server = { type: 'http' };
  if (https) {
    // Sideloading into Excel needs https://localhost:3000 with a trusted certificate (see README).
    const devCerts = require('office-addin-dev-certs');
    server = { type: 'https', options: await devCerts.getHttpsServerOptions() };
  }
  return {
    devtool: dev ? 'eval-cheap-module-source-map' : 'source-map',
    entry: {
      playground: './src/playground/index.tsx',
      taskpane: './src/taskpane/index.tsx',
    },
    output: { path: path.resolve(__dirname, 'dist'), filename: '[name].js', clean: true },
    resolve: { extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    module: {
      rules: [
        {
          test: /\.[jt]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' },
            },
          },
        },
      ],
    },
    performance: { hints: false },
    plugins: [
      // functions.json (the LOTBOOK functions' names, arguments and help) from the JSDoc of src/functions/functions.ts;
      // the plugin also appends their CustomFunctions.associate calls to that file.
      new CustomFunctionsMetadataPlugin({ input: './src/functions/functions.ts', output: 'functions.json' }),
      new HtmlWebpackPlugin({ filename: 'index.html', template: './src/playground/playground.html', chunks: ['playground'] }),
      new HtmlWebpackPlugin({ filename: 'taskpane.html', template: './src/taskpane/taskpane.html', chunks: ['taskpane'] }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets', to: 'assets' },
          { from: 'manifest.xml', to: 'manifest.xml', transform: (content) => rewriteOrigin(content.toString('utf8'), base) },
          // The help page the manifest's SupportUrl and LearnMoreUrl point at: static, no script.
          { from: 'src/support/support.html', to: 'support.html' },
        ],
      }),
    ],
    devServer: {
      host: https ? 'localhost' : '127.0.0.1',
      port,
      server,
      hot: false,
      liveReload: dev,
      client: { overlay: { warnings: false, errors: true } },
      headers: { 'Access-Control-Allow-Origin': '*' },
      static: false,
      onListening: (devServer) => {
        const scheme = https ? 'https' : 'http';
        const host = https ? 'localhost' : '127.0.0.1';
        console.log(`\nLotbook playground: ${scheme}://${host}:${devServer.server.address().port}/  (task pane for Excel: /taskpane.html)\n`);
      },
    },
  };
};
