import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { clientApp, notFoundHandler, problemHandler } from '../../server/http';
import { silentLogger } from '../setup/context';

describe('serving the built web client', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'client-dist-'));
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(dist, 'assets/index-abc.js'), 'console.log(1)');
  const app = express();
  app.use(clientApp(dist)!);
  app.use(notFoundHandler);
  app.use(problemHandler(silentLogger));
  afterAll(() => fs.rmSync(dist, { recursive: true, force: true }));

  test('when a page of the client is asked for, then index.html answers (not cached)', async () => {
    const res = await request(app).get('/submissions/abc').set('Accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<title>app</title>');
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  test('when a hashed asset is asked for, then it is served with a long cache; a missing one is a 404', async () => {
    const res = await request(app).get('/assets/index-abc.js');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await request(app).get('/assets/nope.js')).status).toBe(404);
  });

  test('when an unknown /api route is asked for, then it stays a problem+json 404', async () => {
    const res = await request(app).get('/api/nope').set('Accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });

  test('when there is no build, then nothing is mounted', () => {
    expect(clientApp(path.join(dist, 'missing'))).toBeUndefined();
  });
});
